// Feeds a file's bytes into a hash in 1 MiB reads: flat memory for any size.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';

const CHUNK = 1024 * 1024;

/** Hashes the file at p into h; returns the number of bytes read. */
export function hashFileInto(h: Hash, p: string | Buffer): number {
  const fd = openSync(p, 'r');
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return total;
      h.update(n === CHUNK ? buf : buf.subarray(0, n));
      total += n;
    }
  } finally {
    closeSync(fd);
  }
}
