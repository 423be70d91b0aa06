// `diff A B`: paths added, removed and modified between two commits. Equal
// subtrees (same dirtree and dirmeta checksums) are skipped without reading them,
// so diffing two versions of an OS costs in proportion to what changed.
import { loadCommit, loadDirTree } from './objects.js';
import type { Repo } from './repo.js';
import type { DirTree } from '../core/ostree/index.js';

export interface TreeDiff {
  added: string[];
  removed: string[];
  modified: string[];
}

export function diffCommits(repo: Repo, from: string, to: string): TreeDiff {
  const a = loadCommit(repo, from);
  const b = loadCommit(repo, to);
  const out: TreeDiff = { added: [], removed: [], modified: [] };
  if (a.rootMeta !== b.rootMeta) out.modified.push('/');
  diffTrees(repo, a.rootTree, b.rootTree, '', out);
  return out;
}

function diffTrees(repo: Repo, ta: string, tb: string, prefix: string, out: TreeDiff): void {
  if (ta === tb) return;
  const a = loadDirTree(repo, ta);
  const b = loadDirTree(repo, tb);
  const fa = new Map(a.files.map((f) => [f.name.toString('latin1'), f.checksum]));
  const fb = new Map(b.files.map((f) => [f.name.toString('latin1'), f.checksum]));
  const da = new Map(a.dirs.map((d) => [d.name.toString('latin1'), d]));
  const db = new Map(b.dirs.map((d) => [d.name.toString('latin1'), d]));
  const show = (n: string) => prefix + '/' + Buffer.from(n, 'latin1').toString('utf8');
  for (const [n, c] of fa) {
    if (fb.has(n)) {
      if (fb.get(n) !== c) out.modified.push(show(n));
    } else if (db.has(n)) {
      out.modified.push(show(n));
      listAll(repo, db.get(n)!.treeChecksum, show(n), out.added);
    } else out.removed.push(show(n));
  }
  for (const n of fb.keys()) if (!fa.has(n) && !da.has(n)) out.added.push(show(n));
  for (const [n, d] of da) {
    const other = db.get(n);
    if (other) {
      if (other.metaChecksum !== d.metaChecksum) out.modified.push(show(n));
      diffTrees(repo, d.treeChecksum, other.treeChecksum, show(n), out);
    } else {
      if (!fb.has(n)) out.removed.push(show(n));
      listAll(repo, d.treeChecksum, show(n), out.removed);
    }
  }
  for (const [n, d] of db) {
    if (da.has(n)) continue;
    if (!fa.has(n)) out.added.push(show(n));
    listAll(repo, d.treeChecksum, show(n), out.added);
  }
}

function listAll(repo: Repo, tree: string, prefix: string, into: string[]): void {
  const dt: DirTree = loadDirTree(repo, tree);
  for (const f of dt.files) into.push(prefix + '/' + f.name.toString('utf8'));
  for (const d of dt.dirs) {
    const p = prefix + '/' + d.name.toString('utf8');
    into.push(p);
    listAll(repo, d.treeChecksum, p, into);
  }
}
