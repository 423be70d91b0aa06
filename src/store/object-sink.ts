// Writing content objects into a transaction's staging directory. A file's
// checksum covers its header (owner, mode, xattrs, symlink target) and its
// bytes. Bare repositories store the file itself with that owner, mode and
// xattrs (so checkouts can hardlink it); archive repositories store the header
// and a raw-deflated body (.filez). This code runs on the main thread and in the
// content workers alike, so it depends only on plain data (ObjectSink).
import { createHash } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  ftruncateSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { once } from 'node:events';
import { OssifyError, isErrno } from '../core/errors.js';
import { archiveHeaderBytes, fileHeaderBytes, S_IFLNK, S_IFMT, type FileMeta } from '../core/ostree/index.js';
import { sys } from '../fs/native.js';
import { tempName } from '../fs/temp-name.js';

/** Where and how a transaction writes objects; plain data, so workers can share it. */
export interface ObjectSink {
  repoPath: string;
  archive: boolean;
  zlibLevel: number;
  /** The transaction's staging directory. */
  dir: string;
  /** `${checksum}.file(z)` staged by this thread. */
  staged: Set<string>;
  /** Prefix directories created in staging by this thread. */
  prefixes: Set<string>;
}

/** Files up to this size are read whole; larger ones stream in chunks of CHUNK bytes. */
export const SMALL_FILE = 1024 * 1024;
export const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
const EMPTY = Buffer.alloc(0);

function ext(sink: ObjectSink): string {
  return sink.archive ? 'filez' : 'file';
}

export function contentChecksum(meta: FileMeta, content: Buffer): string {
  return createHash('sha256').update(fileHeaderBytes(meta)).update(content).digest('hex');
}

/** True when the content object is in the repository or staged by this thread. */
export function isContentStored(sink: ObjectSink, checksum: string): boolean {
  if (sink.staged.has(`${checksum}.${ext(sink)}`)) return true;
  const p = path.join(sink.repoPath, 'objects', checksum.slice(0, 2), `${checksum.slice(2)}.${ext(sink)}`);
  return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
}

function stagedPath(sink: ObjectSink, checksum: string): string {
  const prefix = checksum.slice(0, 2);
  const dir = path.join(sink.dir, prefix);
  if (!sink.prefixes.has(prefix)) {
    mkdirSync(dir, { recursive: true });
    sink.prefixes.add(prefix);
  }
  return path.join(dir, `${checksum.slice(2)}.${ext(sink)}`);
}

function isSymlink(meta: FileMeta): boolean {
  return (meta.mode & S_IFMT) === S_IFLNK;
}

/**
 * Stages one content object whose bytes are in memory. Returns the bytes written,
 * or 0 when it was stored already (here or, racing, by another worker: EEXIST).
 */
export function writeContentObject(sink: ObjectSink, checksum: string, meta: FileMeta, content: Buffer): number {
  if (isContentStored(sink, checksum)) return 0;
  const dest = stagedPath(sink, checksum);
  try {
    let bytes = content.length;
    if (sink.archive) {
      const header = archiveHeaderBytes(meta, content.length);
      // even an empty file gets a (2-byte) deflate stream: ostree fsck expects one
      const body = deflateRawSync(content, { level: sink.zlibLevel });
      const fd = openSync(dest, 'wx', 0o644);
      try {
        writeSync(fd, header);
        if (body.length > 0) writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      bytes = header.length + body.length;
    } else if (isSymlink(meta)) {
      symlinkSync(meta.symlinkTarget, dest);
      lchownSync(dest, meta.uid, meta.gid);
      setXattrs(dest, meta);
    } else {
      const fd = openSync(dest, 'wx', 0o600);
      try {
        if (content.length > 0) writeSync(fd, content);
        // chown before chmod: chown clears setuid/setgid bits
        fchownSync(fd, meta.uid, meta.gid);
        fchmodSync(fd, meta.mode & 0o7777);
      } finally {
        closeSync(fd);
      }
      setXattrs(dest, meta);
    }
    sink.staged.add(`${checksum}.${ext(sink)}`);
    return bytes;
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return 0;
    throw err;
  }
}

/** After chown, which would clear security.capability. */
function setXattrs(p: string, meta: FileMeta): void {
  for (const [name, value] of meta.xattrs) sys.lsetxattr(p, name, value);
}

function isZero(chunk: Buffer): boolean {
  return chunk.length === CHUNK ? chunk.equals(ZEROS) : chunk.equals(ZEROS.subarray(0, chunk.length));
}

export interface StoredContent {
  checksum: string;
  /** Bytes written to staging; 0 when the object existed. */
  written: number;
}

/**
 * Stages a regular file of `size` bytes arriving in chunks, with flat memory.
 * Bare objects stay sparse: all-zero chunks become holes.
 */
export async function writeStreamedObject(
  sink: ObjectSink,
  meta: FileMeta,
  size: number,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  source: string,
): Promise<StoredContent> {
  const hash = createHash('sha256').update(fileHeaderBytes(meta));
  const tmp = path.join(sink.dir, tempName('content'));
  const fd = openSync(tmp, 'wx', 0o600);
  let read = 0;
  let onDisk = 0;
  try {
    if (sink.archive) {
      const header = archiveHeaderBytes(meta, size);
      writeSync(fd, header);
      onDisk = header.length;
      const deflate = createDeflateRaw({ level: sink.zlibLevel });
      deflate.on('data', (out: Buffer) => {
        writeSync(fd, out);
        onDisk += out.length;
      });
      const done = once(deflate, 'end');
      for await (const chunk of chunks) {
        hash.update(chunk);
        read += chunk.length;
        if (!deflate.write(chunk)) await once(deflate, 'drain');
      }
      deflate.end();
      await done;
    } else {
      for await (const chunk of chunks) {
        hash.update(chunk);
        if (!isZero(chunk)) writeSync(fd, chunk, 0, chunk.length, read);
        read += chunk.length;
      }
      ftruncateSync(fd, read);
      onDisk = read;
      fchownSync(fd, meta.uid, meta.gid);
      fchmodSync(fd, meta.mode & 0o7777);
    }
    if (read !== size) {
      throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${source}: expected ${size} bytes, read ${read}`, {
        hint: 'the file changed or was truncated while being committed; commit it again',
        subject: source,
      });
    }
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  const checksum = hash.digest('hex');
  if (isContentStored(sink, checksum)) {
    unlinkSync(tmp);
    return { checksum, written: 0 };
  }
  if (!sink.archive) setXattrs(tmp, meta);
  renameSync(tmp, stagedPath(sink, checksum));
  sink.staged.add(`${checksum}.${ext(sink)}`);
  return { checksum, written: onDisk };
}

export type SpecialKind = 'fifo' | 'socket' | 'character device' | 'block device';

export type PathResult =
  | { checksum: string; size: number; written: number }
  | { special: SpecialKind };

/** Reads, hashes and stages the file, symlink or special file at p (never follows a symlink). */
export async function storePath(sink: ObjectSink, p: string | Buffer): Promise<PathResult> {
  const st = lstatSync(p);
  if (st.isSymbolicLink()) {
    const meta = metaOf(st, readlinkSync(p, { encoding: 'buffer' }), p);
    const checksum = contentChecksum(meta, EMPTY);
    return { checksum, size: 0, written: writeContentObject(sink, checksum, meta, EMPTY) };
  }
  if (st.isFile()) {
    const meta = metaOf(st, EMPTY, p);
    if (st.size <= SMALL_FILE) {
      const content = readFileSync(p);
      const checksum = contentChecksum(meta, content);
      return { checksum, size: content.length, written: writeContentObject(sink, checksum, meta, content) };
    }
    const r = await writeStreamedObject(sink, meta, st.size, readChunks(p), String(p));
    return { ...r, size: st.size };
  }
  return { special: specialKind(st) };
}

function metaOf(st: Stats, target: Buffer, p: string | Buffer): FileMeta {
  return { uid: st.uid, gid: st.gid, mode: st.mode, symlinkTarget: target, xattrs: sys.lreadxattrs(p) };
}

function specialKind(st: Stats): SpecialKind {
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  return 'block device';
}

function* readChunks(p: string | Buffer): Generator<Buffer> {
  const fd = openSync(p, 'r');
  try {
    while (true) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}
