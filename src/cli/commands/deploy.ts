// ossify deploy REF|CSUM: check a commit out beside the running system and make
// it the default; or --index N to make a kept deployment the default again.
import type { CliCommand } from '../command.js';
import { stringOpt } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { DeployResult } from '../../sysroot/index.js';
import { indexArg, noFsyncOption, osOption, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result =
  ({ kind: 'deploy' } & DeployResult) | { kind: 'index'; default: string; previous: string | null };

export const deployCommand: CliCommand<Result> = {
  path: ['deploy'],
  summary: 'deploy a commit (or --index N: a kept deployment) as the new default',
  args: ['[rev]'],
  options: [
    sysrootOption,
    osOption,
    {
      flags: '--karg <arg>',
      description: 'set a kernel argument (replaces one with the same key)',
      repeatable: true,
    },
    {
      flags: '--keep <n>',
      description: 'deployments of this OS to keep, the new one included',
      default: '2',
    },
    { flags: '--index <n>', description: 'make the kept deployment N the default instead' },
    noFsyncOption,
  ],
  async run(args, opts) {
    const { deploy, makeDefault } = await sysrootLib();
    const sysroot = sysrootOf(opts);
    const fsync = opts.fsync !== false;
    const index = stringOpt(opts, 'index');
    if (index !== undefined) {
      if (args[0]) throw new OssifyError('ERR_OSSIFY_USAGE', 'give either REV or --index, not both');
      return { kind: 'index', ...(await makeDefault({ sysroot, index: indexArg(index), fsync })) };
    }
    if (!args[0])
      throw new OssifyError('ERR_OSSIFY_USAGE', 'deploy needs a ref or commit checksum', {
        hint: 'e.g. ossify deploy debian/stable',
      });
    const keep = Number(stringOpt(opts, 'keep') ?? '2');
    const kernelArgs = (opts.karg as string[] | undefined) ?? [];
    return {
      kind: 'deploy',
      ...(await deploy({ sysroot, rev: args[0], osname: stringOpt(opts, 'os'), kernelArgs, keep, fsync })),
    };
  },
  render(r) {
    if (r.kind === 'index')
      return `default is now ${r.default}${r.previous ? ` (rollback: ${r.previous})` : ''}`;
    if (!r.changed) return `${r.osname}/${r.id} already runs ${r.checksum}`;
    const lines = [`deployed ${r.osname}/${r.id}; it boots by default`];
    for (const c of r.etcConflicts)
      lines.push(`/etc conflict: ${c.path}: ${c.reason}; new default in /etc/${c.path}.ossify-new`);
    for (const d of r.removed) lines.push(`removed ${d}`);
    return lines.join('\n');
  },
};
