// The immutable inode flag on deployment roots (chattr +i), as OSTree sets it:
// nothing, not even root, can create or rename entries at the top of a
// deployment by accident. It must be lifted before the deployment is deleted.
import { closeSync, constants, openSync } from 'node:fs';
import { FS_IMMUTABLE_FL, sys } from '../fs/native.js';

export function setImmutable(dir: string, on: boolean): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    const flags = sys.getflags(fd);
    const next = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
    if (next !== flags) sys.setflags(fd, next);
  } catch (err) {
    // File systems without inode flags (tmpfs before 6.0, overlayfs, 9p): the
    // attribute is a safety net, not a requirement, so go on without it as OSTree does.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTTY' && code !== 'EOPNOTSUPP' && code !== 'ENOTSUP' && code !== 'EINVAL') throw err;
  } finally {
    closeSync(fd);
  }
}

export function isImmutable(dir: string): boolean {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    return (sys.getflags(fd) & FS_IMMUTABLE_FL) !== 0;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
