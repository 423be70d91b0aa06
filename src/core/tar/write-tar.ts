// Writes a POSIX pax archive as a stream of chunks. Headers and small files are
// gathered into batches of about 64 KiB, because one write per 512-byte header
// makes a tree of 100k small files cost 100k syscalls downstream; large content
// chunks pass through untouched, so memory stays at one batch plus one chunk.
import { OssifyError } from '../errors.js';
import { BLOCK_SIZE } from './parse-header.js';
import { encodeEntryHeaders } from './encode-entry-headers.js';
import type { TarEntry } from './tar-entry.js';

export interface TarWriteItem {
  entry: TarEntry;
  /** A file's bytes, adding up to entry.size exactly; other types take none. */
  content?: AsyncIterable<Buffer> | Buffer;
}

const BATCH_BYTES = 64 * 1024;
const ZEROS = Buffer.alloc(BLOCK_SIZE * 2);

export async function* writeTar(entries: AsyncIterable<TarWriteItem>): AsyncGenerator<Buffer> {
  // Small pieces are copied into the batch at once: a producer may reuse its
  // buffer as soon as we ask it for the next chunk.
  let batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  const flush = (): Buffer[] => {
    if (used === 0) return [];
    const out = batch.subarray(0, used);
    batch = Buffer.allocUnsafe(BATCH_BYTES);
    used = 0;
    return [out];
  };
  /** Queues a piece; returns what should be yielded now, in order. */
  const push = (piece: Buffer): Buffer[] => {
    if (piece.length === 0) return [];
    if (piece.length >= BATCH_BYTES) return [...flush(), piece];
    if (used + piece.length > BATCH_BYTES) {
      const out = flush();
      used = piece.copy(batch, 0);
      return out;
    }
    used += piece.copy(batch, used);
    return [];
  };

  for await (const { entry, content } of entries) {
    yield* push(encodeEntryHeaders(entry));
    const size = entry.type === 'file' ? entry.size : 0;
    let written = 0;
    if (content !== undefined) {
      const pieces = Buffer.isBuffer(content) ? [content] : content;
      for await (const piece of pieces) {
        written += piece.length;
        if (written > size) break;
        yield* push(piece);
      }
    }
    if (written !== size) {
      throw new OssifyError(
        'ERR_OSSIFY_INVALID_INPUT',
        `content of ${entry.path.toString('utf8')} has ${written > size ? `more than ${size}` : written} bytes, but the tar entry says ${size}`,
        {
          hint: 'the file changed while it was being archived; run the command again',
          subject: entry.path.toString('utf8'),
        },
      );
    }
    const pad = (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
    if (pad > 0) yield* push(ZEROS.subarray(0, pad));
  }
  // End of archive: two zero blocks.
  yield* push(ZEROS);
  yield* flush();
}
