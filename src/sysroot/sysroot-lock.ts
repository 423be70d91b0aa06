// The sysroot lock: flock(2) on ostree/lock, the same file libostree locks, so
// ossify and ostree never change one sysroot at the same time. A second command
// fails at once with a clear message instead of waiting on a hung first one.
import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { LOCK_EX, LOCK_NB, sys } from '../fs/native.js';

export async function withSysrootLock<T>(sysroot: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = path.join(sysroot, 'ostree', 'lock');
  const fd = openSync(lockPath, 'a');
  try {
    if (!sys.flock(fd, LOCK_EX | LOCK_NB)) {
      throw new OssifyError('ERR_OSSIFY_LOCKED', `sysroot ${sysroot} is locked by another command`, {
        hint: 'wait for the other ossify or ostree command to finish, then run this again',
        subject: lockPath,
      });
    }
    return await fn();
  } finally {
    closeSync(fd); // closing releases the lock
  }
}
