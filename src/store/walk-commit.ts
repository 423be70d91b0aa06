// Walks a commit's tree in order (parents before children, names in byte order),
// yielding each entry with its metadata. Used by ls, verify, diff and checkout
// planning; it reads only metadata objects and content headers, never contents.
import { OssifyError } from '../core/errors.js';
import { S_IFMT, S_IFREG, type DirTree, type Xattrs } from '../core/ostree/index.js';
import { splitRelPath } from '../fs/safe-join.js';
import { readContentInfo } from './content-reader.js';
import { loadCommit, loadDirMeta, loadDirTree } from './objects.js';
import type { Repo } from './repo.js';

export interface TreeEntry {
  /** Path from the tree root, "/" for the root, UTF-8 text (lossy only for non-UTF-8 names). */
  path: string;
  pathBytes: Buffer;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  xattrs: Xattrs;
  /** Content checksum for files and symlinks, dirtree checksum for directories. */
  checksum: string;
  /** Dirmeta checksum, directories only. */
  metaChecksum?: string;
  size?: number;
  target?: string;
}

export interface WalkOptions {
  /** Start below the root at this path (a directory or a single file). */
  subpath?: string;
  /** Descend into subdirectories (default true). */
  recursive?: boolean;
  /** Skip reading content headers (faster; file entries then lack mode, owner, xattrs, size). */
  namesOnly?: boolean;
}

export function* walkCommit(repo: Repo, checksum: string, opts: WalkOptions = {}): Generator<TreeEntry> {
  const commit = loadCommit(repo, checksum);
  const start = locate(repo, commit.rootTree, commit.rootMeta, opts.subpath ?? '/');
  if (start.kind === 'file') {
    yield fileEntry(repo, start.prefix, start.checksum, opts.namesOnly);
    return;
  }
  yield* walkDir(repo, start.tree, start.meta, start.prefix, opts);
}

type Located =
  | { kind: 'dir'; tree: string; meta: string; prefix: Buffer }
  | { kind: 'file'; checksum: string; prefix: Buffer };

/** Finds a path inside a tree by following dirtrees. */
export function locate(repo: Repo, rootTree: string, rootMeta: string, subpath: string): Located {
  const parts = splitRelPath(subpath.replace(/^\/+/, ''), 'subpath');
  let tree = rootTree;
  let meta = rootMeta;
  let prefix = Buffer.alloc(0);
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i];
    const dt: DirTree = loadDirTree(repo, tree);
    prefix = Buffer.concat([prefix, SLASH, name]);
    const d = dt.dirs.find((x) => x.name.equals(name));
    if (d) {
      tree = d.treeChecksum;
      meta = d.metaChecksum;
      continue;
    }
    const f = dt.files.find((x) => x.name.equals(name));
    if (f && i === parts.length - 1) return { kind: 'file', checksum: f.checksum, prefix };
    throw new OssifyError('ERR_OSSIFY_NOT_FOUND', `no such path in commit: ${subpath}`, {
      hint: 'list the tree with "ossify repo ls REF PATH"',
      subject: subpath,
    });
  }
  return { kind: 'dir', tree, meta, prefix };
}

const SLASH = Buffer.from('/');

function* walkDir(repo: Repo, tree: string, meta: string, prefix: Buffer, opts: WalkOptions): Generator<TreeEntry> {
  const dm = loadDirMeta(repo, meta);
  const p = prefix.length === 0 ? SLASH : prefix;
  yield {
    path: p.toString('utf8'),
    pathBytes: p,
    type: 'dir',
    mode: dm.mode,
    uid: dm.uid,
    gid: dm.gid,
    xattrs: dm.xattrs,
    checksum: tree,
    metaChecksum: meta,
  };
  const dt = loadDirTree(repo, tree);
  const base = prefix;
  for (const f of dt.files) yield fileEntry(repo, Buffer.concat([base, SLASH, f.name]), f.checksum, opts.namesOnly);
  for (const d of dt.dirs) {
    const sub = Buffer.concat([base, SLASH, d.name]);
    if (opts.recursive === false) {
      const sm = loadDirMeta(repo, d.metaChecksum);
      yield {
        path: sub.toString('utf8'),
        pathBytes: sub,
        type: 'dir',
        mode: sm.mode,
        uid: sm.uid,
        gid: sm.gid,
        xattrs: sm.xattrs,
        checksum: d.treeChecksum,
        metaChecksum: d.metaChecksum,
      };
    } else yield* walkDir(repo, d.treeChecksum, d.metaChecksum, sub, opts);
  }
}

function fileEntry(repo: Repo, pathBytes: Buffer, checksum: string, namesOnly?: boolean): TreeEntry {
  const path = pathBytes.toString('utf8');
  if (namesOnly) return { path, pathBytes, type: 'file', mode: S_IFREG, uid: 0, gid: 0, xattrs: [], checksum };
  const info = readContentInfo(repo, checksum);
  const isLink = (info.meta.mode & S_IFMT) !== S_IFREG;
  return {
    path,
    pathBytes,
    type: isLink ? 'symlink' : 'file',
    mode: info.meta.mode,
    uid: info.meta.uid,
    gid: info.meta.gid,
    xattrs: info.meta.xattrs,
    checksum,
    size: info.size,
    target: isLink ? info.meta.symlinkTarget.toString('utf8') : undefined,
  };
}
