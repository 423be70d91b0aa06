// Whole-file replacement that readers never see half-done: write a temporary
// sibling, optionally fsync it, rename it over the target.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tempName } from './temp-name.js';

export interface AtomicWriteOptions {
  mode?: number;
  /** fsync the file before the rename (durable on its own, without a later syncfs). */
  fsync?: boolean;
}

export function writeFileAtomic(file: string, data: string | Buffer, opts: AtomicWriteOptions = {}): void {
  const tmp = path.join(path.dirname(file), tempName('.' + path.basename(file)));
  const fd = openSync(tmp, 'wx', opts.mode ?? 0o644);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (opts.fsync) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}
