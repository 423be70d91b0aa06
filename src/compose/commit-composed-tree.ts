// Commits the shaped tree and moves the manifest's ref: the last step, so a
// failure anywhere before leaves the ref where it was.
import { commitTree, openRepo } from '../store/index.js';
import type { PackageEntry } from './package-entry.js';

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
  fsync?: boolean;
  onProgress?: (p: { files: number; bytes: number }) => void;
}

/** Commit metadata in order, typed for the store's toVariant(). */
export function composeMetadata(c: ComposedCommit): Array<[string, unknown]> {
  return [
    ['version', c.version],
    ['ossify.manifest-digest', c.manifestDigest],
    ['ossify.packages', { type: 'a(sss)', value: c.packages.map((p) => [p.name, p.version, p.arch]) }],
    ['ossify.kargs', { type: 'as', value: c.kernelArgs }],
    ['ossify.version', c.ossifyVersion],
  ];
}

export async function commitComposedTree(c: ComposedCommit): Promise<string> {
  const repo = openRepo(c.repo);
  const r = await commitTree(repo, {
    branch: c.ref,
    tree: c.tree,
    subject: c.subject,
    metadata: composeMetadata(c),
    timestamp: new Date(c.timestamp * 1000),
    fsync: c.fsync,
    onProgress: c.onProgress,
  });
  return r.checksum;
}
