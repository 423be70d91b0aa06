// Commits the shaped tree and moves the manifest's ref: the last step, so a
// failure anywhere before leaves the ref where it was.
import { OssifyError } from '../core/errors.js';
import type { PackageEntry } from './package-entry.js';
import { runTool, tail } from './run-tool.js';

export interface ComposedCommit {
  repo: string;
  tree: string;
  ref: string;
  subject: string;
  timestamp: number;
  version: string;
  manifestDigest: string;
  packages: PackageEntry[];
  kernelArgs: string[];
  ossifyVersion: string;
}

// GVariant text format string literal (what `ostree commit --add-metadata` parses).
const gstr = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Commit metadata in order, typed as the store's toVariant() expects. */
export function composeMetadata(c: ComposedCommit): Array<[string, unknown]> {
  return [
    ['version', c.version],
    ['ossify.manifest-digest', c.manifestDigest],
    ['ossify.packages', { type: 'a(sss)', value: c.packages.map((p) => [p.name, p.version, p.arch]) }],
    ['ossify.kargs', c.kernelArgs],
    ['ossify.version', c.ossifyVersion],
  ];
}

export async function commitComposedTree(c: ComposedCommit): Promise<string> {
  const pkgs = c.packages.map((p) => `(${gstr(p.name)}, ${gstr(p.version)}, ${gstr(p.arch)})`).join(', ');
  const kargs = c.kernelArgs.map(gstr).join(', ');
  const args = [
    'commit',
    `--repo=${c.repo}`,
    `--branch=${c.ref}`,
    `--tree=dir=${c.tree}`,
    `--subject=${c.subject}`,
    `--timestamp=@${c.timestamp}`,
    `--add-metadata-string=version=${c.version}`,
    `--add-metadata-string=ossify.manifest-digest=${c.manifestDigest}`,
    `--add-metadata=ossify.packages=@a(sss) [${pkgs}]`,
    `--add-metadata=ossify.kargs=@as [${kargs}]`,
    `--add-metadata-string=ossify.version=${c.ossifyVersion}`,
  ];
  const r = await runTool('ostree', args);
  if (r.code !== 0) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', `commit of ${c.ref} failed:\n${tail(r.output)}`, { subject: c.ref });
  }
  return r.output.trim().split('\n').pop() as string;
}
