// Package lists and package diffs of commits in a repository, from the
// `ossify.packages` metadata compose records (for `ossify repo diff --packages`).
import { OssifyError } from '../core/errors.js';
import { readCommit, resolveRev, type Repo } from '../store/index.js';
import { diffPackages, packagesFromMetadata, type PackageDiff } from './diff-packages.js';
import type { PackageEntry } from './package-entry.js';

export function commitPackages(repo: Repo, rev: string): PackageEntry[] {
  const checksum = resolveRev(repo, rev);
  const meta = readCommit(repo, checksum).metadata;
  if (!('ossify.packages' in meta)) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', `commit ${checksum} (${rev}) has no package list`, {
      subject: rev,
      hint: 'only commits made by `ossify compose` record ossify.packages',
    });
  }
  return packagesFromMetadata(meta['ossify.packages']);
}

export function diffCommitPackages(repo: Repo, from: string, to: string): PackageDiff {
  return diffPackages(commitPackages(repo, from), commitPackages(repo, to));
}
