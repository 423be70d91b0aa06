// Reading content objects back: their metadata (owner, mode, xattrs, target) and
// their bytes. Bare objects are the files themselves; archive objects are a
// header followed by raw deflate.
import { closeSync, createReadStream, lstatSync, openSync, readSync, readlinkSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { isErrno } from '../core/errors.js';
import { S_IFLNK, S_IFMT, parseArchiveHeader, type FileMeta } from '../core/ostree/index.js';
import { sys } from '../fs/native.js';
import { missingObject, objectPath } from './objects.js';
import type { Repo } from './repo.js';

export interface ContentInfo {
  meta: FileMeta;
  size: number;
  /** Where the object is. */
  path: string;
  /** Archive objects: offset of the deflated body. */
  bodyOffset: number;
}

const EMPTY = Buffer.alloc(0);

export function readContentInfo(repo: Repo, checksum: string): ContentInfo {
  const p = objectPath(repo, checksum, 'file');
  if (repo.mode === 'bare') {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st) throw missingObject(checksum, 'file');
    const target = st.isSymbolicLink() ? readlinkSync(p, { encoding: 'buffer' }) : EMPTY;
    return {
      meta: { uid: st.uid, gid: st.gid, mode: st.mode, symlinkTarget: target, xattrs: sys.lreadxattrs(p) },
      size: st.isSymbolicLink() ? 0 : st.size,
      path: p,
      bodyOffset: 0,
    };
  }
  let fd: number;
  try {
    fd = openSync(p, 'r');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw missingObject(checksum, 'file');
    throw err;
  }
  try {
    // Headers are small; read a first block and grow only for huge xattr sets.
    let buf = Buffer.alloc(4096);
    let n = readSync(fd, buf, 0, buf.length, 0);
    const need = n >= 4 ? buf.readUInt32BE(0) + 8 : 0;
    if (need > n) {
      buf = Buffer.alloc(need);
      n = readSync(fd, buf, 0, need, 0);
    }
    const h = parseArchiveHeader(buf.subarray(0, n));
    return { meta: h.meta, size: h.size, path: p, bodyOffset: h.headerLength };
  } finally {
    closeSync(fd);
  }
}

export function isSymlinkMeta(meta: FileMeta): boolean {
  return (meta.mode & S_IFMT) === S_IFLNK;
}

/** The file's bytes as a stream of chunks. */
export function openContent(repo: Repo, info: ContentInfo): AsyncIterable<Buffer> {
  if (isSymlinkMeta(info.meta)) return (async function* () {})();
  if (repo.mode === 'bare') return createReadStream(info.path, { highWaterMark: 1024 * 1024 });
  return createReadStream(info.path, { start: info.bodyOffset, highWaterMark: 1024 * 1024 }).pipe(createInflateRaw());
}
