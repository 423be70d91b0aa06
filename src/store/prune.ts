// `prune`: deletes objects nothing reaches. Roots are every commit (by default),
// or with --refs-only / --depth only the refs (plus caller-kept commits such as
// deployments) followed N parents back; --keep-younger-than also keeps recent
// commits. Unreachable commits are deleted before the objects under them, so a
// prune killed midway leaves orphans, never a commit with holes in its tree.
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { parseCommit, parseDirTree } from '../core/ostree/index.js';
import { crashPoint } from '../fs/crash-point.js';
import { syncFilesystem } from '../fs/syncfs.js';
import { listObjects, type ObjectName } from './fsck.js';
import { objectPath } from './objects.js';
import { listRefs } from './refs.js';
import { withRepoLock, type Repo } from './repo.js';
import { cleanStaleTemp } from './transaction.js';

export interface PruneOptions {
  /** Only refs (and `keep`) are roots; commits no ref reaches are deleted. */
  refsOnly?: boolean;
  /** Parents kept behind each root; -1 (default) keeps all history. Implies refsOnly. */
  depth?: number;
  /** Commits younger than this many seconds are kept as roots. */
  keepYoungerThanSeconds?: number;
  /** Extra commits to keep (e.g. deployed ones). */
  keep?: string[];
  dryRun?: boolean;
}

export interface PruneResult {
  commitsRemoved: number;
  objectsRemoved: number;
  bytesFreed: number;
  objectsKept: number;
}

export function pruneRepo(repo: Repo, opts: PruneOptions = {}): Promise<PruneResult> {
  return withRepoLock(repo, 'exclusive', async () => {
    cleanStaleTemp(repo);
    const all = listObjects(repo);
    const commits = all.filter((o) => o.type === 'commit');
    const depth = opts.depth ?? -1;
    const refsOnly = opts.refsOnly === true || opts.depth !== undefined;
    const roots = new Set<string>(opts.keep ?? []);
    for (const r of listRefs(repo)) roots.add(r.checksum);
    const now = Date.now() / 1000;
    for (const c of commits) {
      if (!refsOnly) roots.add(c.checksum);
      else if (opts.keepYoungerThanSeconds !== undefined) {
        const ts = readCommitTimestamp(repo, c.checksum);
        if (ts !== null && now - ts < opts.keepYoungerThanSeconds) roots.add(c.checksum);
      }
    }
    const reachable = markReachable(repo, roots, depth);
    const doomed = all.filter((o) => !reachable.has(key(o)));
    // commits (and their detached metadata) go first
    doomed.sort((a, b) => rank(a) - rank(b));
    let bytes = 0;
    let removedCommits = 0;
    let n = 0;
    for (const o of doomed) {
      bytes += lstatSync(o.file, { throwIfNoEntry: false })?.size ?? 0;
      if (o.type === 'commit') removedCommits++;
      if (!opts.dryRun) {
        rmSync(o.file, { force: true });
        if (++n === 1) crashPoint('prune:after-first-delete');
      }
    }
    if (!opts.dryRun && doomed.length > 0) syncFilesystem(repo.path);
    return {
      commitsRemoved: removedCommits,
      objectsRemoved: doomed.length,
      bytesFreed: bytes,
      objectsKept: all.length - doomed.length,
    };
  });
}

function rank(o: ObjectName): number {
  return o.type === 'commit' || o.type === 'commitmeta' ? 0 : 1;
}

function key(o: { checksum: string; type: string }): string {
  return `${o.checksum}.${o.type}`;
}

function readCommitTimestamp(repo: Repo, checksum: string): number | null {
  try {
    return parseCommit(readFileSync(objectPath(repo, checksum, 'commit'))).timestamp;
  } catch {
    return null;
  }
}

/** Every object reachable from the roots, following at most `depth` parents (-1: all). */
export function markReachable(repo: Repo, roots: Iterable<string>, depth: number): Set<string> {
  const seen = new Set<string>();
  const visitTree = (tree: string, meta: string) => {
    seen.add(`${meta}.dirmeta`);
    const k = `${tree}.dirtree`;
    if (seen.has(k)) return;
    seen.add(k);
    let dt;
    try {
      dt = parseDirTree(readFileSync(objectPath(repo, tree, 'dirtree')));
    } catch {
      return; // missing or corrupt: fsck reports it; prune just keeps what it can see
    }
    for (const f of dt.files) seen.add(`${f.checksum}.file`);
    for (const d of dt.dirs) visitTree(d.treeChecksum, d.metaChecksum);
  };
  for (const root of roots) {
    let c: string | null = root;
    for (let level = 0; c !== null && (depth < 0 || level <= depth); level++) {
      if (seen.has(`${c}.commit`)) break;
      seen.add(`${c}.commit`);
      seen.add(`${c}.commitmeta`);
      let commit;
      try {
        commit = parseCommit(readFileSync(objectPath(repo, c, 'commit')));
      } catch {
        break;
      }
      visitTree(commit.rootTree, commit.rootMeta);
      c = commit.parent;
    }
  }
  return seen;
}
