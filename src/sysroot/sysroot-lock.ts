// The sysroot lock: an exclusive open-file-description lock (fcntl F_OFD_SETLK)
// on ostree/lock, the same kind of lock libostree takes on the same file, so
// ossify and `ostree admin` exclude each other as well as two ossify commands. A
// second command fails at once with a clear message instead of waiting behind a
// hung first one. libostree also unlinks the file when it releases it, so after
// taking our lock we check the file is still linked and retry if not, as libglnx
// does; otherwise a later command could lock a fresh inode beside ours.
import { closeSync, fstatSync, openSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { sys } from '../fs/native.js';

export async function withSysrootLock<T>(sysroot: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = path.join(sysroot, 'ostree', 'lock');
  for (;;) {
    const fd = openSync(lockPath, 'a', 0o600);
    try {
      if (!sys.ofdlock(fd, 2)) {
        throw new OssifyError('ERR_OSSIFY_LOCKED', `sysroot ${sysroot} is locked by another command`, {
          hint: 'wait for the other ossify or ostree command to finish, then run this again',
          subject: lockPath,
        });
      }
      if (fstatSync(fd).nlink === 0) continue; // unlinked by its previous owner: lock the new file
      return await fn();
    } finally {
      closeSync(fd); // closing releases the lock
    }
  }
}
