// ossify status: the Host document (text, --json, or --schema for its JSON Schema).
import type { CliCommand } from '../command.js';
import type { DeploymentStatus, Host } from '../../sysroot/index.js';
import { sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

function roles(h: Host, d: DeploymentStatus): string[] {
  const r: string[] = [];
  if (d.index === 0) r.push('default');
  if (h.status.rollback?.index === d.index) r.push('rollback');
  if (d.booted) r.push('booted');
  if (d.pinned) r.push('pinned');
  return r;
}

export function renderHost(h: Host): string {
  if (h.status.deployments.length === 0) return `No deployments in ${h.metadata.sysroot}.`;
  const lines: string[] = [];
  for (const d of h.status.deployments) {
    const r = roles(h, d);
    lines.push(
      `${d.booted ? '*' : ' '} ${d.index}: ${d.osname} ${d.id}${r.length ? ` (${r.join(', ')})` : ''}`,
    );
    if (d.version) lines.push(`      Version: ${d.version}${d.timestamp ? ` (${d.timestamp})` : ''}`);
    if (d.ref) lines.push(`      Origin: ${d.ref}`);
    lines.push(`      Kernel: ${d.kernelVersion ?? '?'}; args: ${d.kernelArgs.join(' ') || '(none)'}`);
    for (const c of d.etcConflicts)
      lines.push(`      /etc conflict: ${c} (new default in /etc/${c}.ossify-new)`);
  }
  return lines.join('\n');
}

export const statusCommand: CliCommand<Host | Record<string, unknown>> = {
  path: ['status'],
  summary: 'show deployments: default, rollback, booted, pinned (--json: the Host document)',
  options: [sysrootOption, { flags: '--schema', description: 'print the JSON Schema of the Host document' }],
  async run(_args, opts) {
    const { buildHost, hostJsonSchema, readSysroot } = await sysrootLib();
    if (opts.schema === true) return hostJsonSchema();
    const { state, repo, booted } = readSysroot(sysrootOf(opts));
    return buildHost(state, repo, booted);
  },
  render(r) {
    if ((r as Host).kind !== 'Host') return JSON.stringify(r, null, 2);
    return renderHost(r as Host);
  },
};
