// `log`: a commit and its ancestors, newest first, until the history ends or a
// parent is not in this repository (a shallow pull keeps only recent commits).
import { hasObject } from './objects.js';
import { readCommit, type CommitInfo } from './read-commit.js';
import type { Repo } from './repo.js';

export interface LogResult {
  commits: CommitInfo[];
  /** Set when the history goes on but the next parent is not stored here. */
  missingParent: string | null;
}

export function logCommits(repo: Repo, checksum: string, limit = Infinity): LogResult {
  const commits: CommitInfo[] = [];
  let next: string | null = checksum;
  while (next !== null && commits.length < limit) {
    if (!hasObject(repo, next, 'commit')) return { commits, missingParent: next };
    const c = readCommit(repo, next);
    commits.push(c);
    next = c.parent;
  }
  return { commits, missingParent: null };
}
