// Advisory locks on a lock file: open-file-description locks (fcntl F_OFD_SETLK),
// the kind libostree takes, so ossify and ostree exclude each other. Shared for
// writers that only add (commits), exclusive for those that remove (prune). A
// blocked user waits up to a timeout, then fails with a clear message.
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { OssifyError } from '../core/errors.js';
import { sys } from './native.js';

export type LockMode = 'shared' | 'exclusive';

export interface LockOptions {
  /** How long to wait for the lock; 0 fails at once. Default: OSSIFY_LOCK_TIMEOUT seconds or 30 s. */
  timeoutMs?: number;
  /** What is being locked, for the error message. */
  what?: string;
}

export async function withFileLock<T>(
  lockPath: string,
  mode: LockMode,
  fn: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  // read and write access: shared OFD locks need the first, exclusive ones the second
  const fd = openSync(lockPath, 'a+', 0o600);
  try {
    await acquire(fd, mode, lockPath, opts);
    try {
      return await fn();
    } finally {
      sys.ofdlock(fd, 0);
    }
  } finally {
    closeSync(fd);
  }
}

async function acquire(fd: number, mode: LockMode, lockPath: string, opts: LockOptions): Promise<void> {
  const type = mode === 'shared' ? 1 : 2;
  const envTimeout = Number(process.env.OSSIFY_LOCK_TIMEOUT);
  const timeout = opts.timeoutMs ?? (Number.isFinite(envTimeout) ? envTimeout * 1000 : 30_000);
  const deadline = Date.now() + timeout;
  let delay = 10;
  while (!sys.ofdlock(fd, type)) {
    if (Date.now() >= deadline) {
      throw new OssifyError('ERR_OSSIFY_LOCKED', `${opts.what ?? lockPath} is locked by another ossify process`, {
        hint: 'wait for the other command to finish, then run this one again',
        subject: lockPath,
      });
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 200);
  }
}
