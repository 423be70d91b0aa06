// Writing content objects. A file's checksum covers its header (owner, mode,
// xattrs, symlink target) and its bytes. Bare repositories store the file itself
// with that owner, mode and xattrs (so checkouts can hardlink it); archive
// repositories store the header and a raw-deflated body in a .filez object.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  ftruncateSync,
  lchownSync,
  openSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { once } from 'node:events';
import { OssifyError } from '../core/errors.js';
import { archiveHeaderBytes, fileHeaderBytes, S_IFLNK, S_IFMT, type FileMeta } from '../core/ostree/index.js';
import { sys } from '../fs/native.js';
import { tempName } from '../fs/temp-name.js';
import type { CompressPool } from './compress-pool.js';
import { isStored, markStaged, stagingPath, type Transaction } from './transaction.js';

export interface ContentWriter {
  txn: Transaction;
  /** Present for archive repositories: deflates small objects off the main thread. */
  pool?: CompressPool;
}

/** Files up to this size are read whole; larger ones stream in chunks of CHUNK bytes. */
export const SMALL_FILE = 1024 * 1024;
export const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

export function contentChecksum(meta: FileMeta, content: Buffer): string {
  return createHash('sha256').update(fileHeaderBytes(meta)).update(content).digest('hex');
}

function isSymlink(meta: FileMeta): boolean {
  return (meta.mode & S_IFMT) === S_IFLNK;
}

/** Stores a symlink or a file whose whole content is in memory; returns its checksum. */
export function storeSmallContent(w: ContentWriter, meta: FileMeta, content: Buffer): string {
  const checksum = contentChecksum(meta, content);
  const { txn } = w;
  if (isStored(txn, checksum, 'file')) return checksum;
  const dest = stagingPath(txn, checksum, 'file');
  if (txn.repo.mode === 'archive') {
    if (!w.pool) throw new Error('archive writes need a compress pool');
    void w.pool.submit(dest, archiveHeaderBytes(meta, content.length), content, txn.repo.zlibLevel);
    markStaged(txn, checksum, 'file', content.length);
    return checksum;
  }
  if (isSymlink(meta)) {
    symlinkSync(meta.symlinkTarget, dest);
    lchownSync(dest, meta.uid, meta.gid);
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
  }
  // after chown, which would clear security.capability
  for (const [name, value] of meta.xattrs) sys.lsetxattr(dest, name, value);
  markStaged(txn, checksum, 'file', content.length);
  return checksum;
}

function isZero(chunk: Buffer): boolean {
  return chunk.length === CHUNK ? chunk.equals(ZEROS) : chunk.equals(ZEROS.subarray(0, chunk.length));
}

/**
 * Stores a regular file of `size` bytes arriving in chunks, with flat memory.
 * Bare objects stay sparse: all-zero chunks become holes.
 */
export async function storeStreamedContent(
  w: ContentWriter,
  meta: FileMeta,
  size: number,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  source: string,
): Promise<string> {
  const { txn } = w;
  const hash = createHash('sha256').update(fileHeaderBytes(meta));
  const tmp = path.join(txn.dir, tempName('content'));
  const fd = openSync(tmp, 'wx', 0o600);
  let written = 0;
  let onDisk = 0;
  try {
    if (txn.repo.mode === 'archive') {
      const header = archiveHeaderBytes(meta, size);
      writeSync(fd, header);
      onDisk = header.length;
      const deflate = createDeflateRaw({ level: txn.repo.zlibLevel });
      deflate.on('data', (out: Buffer) => {
        writeSync(fd, out);
        onDisk += out.length;
      });
      const done = once(deflate, 'end');
      for await (const chunk of chunks) {
        hash.update(chunk);
        written += chunk.length;
        if (!deflate.write(chunk)) await once(deflate, 'drain');
      }
      deflate.end();
      await done;
    } else {
      for await (const chunk of chunks) {
        hash.update(chunk);
        if (!isZero(chunk)) writeSync(fd, chunk, 0, chunk.length, written);
        written += chunk.length;
      }
      ftruncateSync(fd, written);
      onDisk = written;
      fchownSync(fd, meta.uid, meta.gid);
      fchmodSync(fd, meta.mode & 0o7777);
    }
    if (written !== size) {
      throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${source}: expected ${size} bytes, read ${written}`, {
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
  if (isStored(txn, checksum, 'file')) {
    unlinkSync(tmp);
    return checksum;
  }
  if (txn.repo.mode === 'bare') for (const [name, value] of meta.xattrs) sys.lsetxattr(tmp, name, value);
  renameSync(tmp, stagingPath(txn, checksum, 'file'));
  markStaged(txn, checksum, 'file', onDisk);
  return checksum;
}
