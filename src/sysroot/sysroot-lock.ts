// The sysroot lock: an exclusive flock(2) on ostree/lock, the file libostree
// locks. A second ossify command fails at once with a clear message instead of
// waiting behind a hung first one.
//
// Known gap: libostree takes an OFD lock (fcntl F_OFD_SETLKW) on the same file,
// and OFD and flock locks do not exclude each other on Linux, so ossify and a
// concurrent `ostree admin` are not yet mutually excluded; that needs an OFD lock
// in the native addon. libostree also unlinks the file when it releases it, so
// after taking our lock we check the file is still linked and retry if not, as
// libglnx does; otherwise a later command could lock a fresh inode beside ours.
import { closeSync, fstatSync, openSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { LOCK_EX, LOCK_NB, sys } from '../fs/native.js';

export async function withSysrootLock<T>(sysroot: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = path.join(sysroot, 'ostree', 'lock');
  for (;;) {
    const fd = openSync(lockPath, 'a', 0o600);
    try {
      if (!sys.flock(fd, LOCK_EX | LOCK_NB)) {
        throw new OssifyError('ERR_OSSIFY_LOCKED', `sysroot ${sysroot} is locked by another command`, {
          hint: 'wait for the other ossify command to finish, then run this again',
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
