// Durability in one call per file system: syncfs(2) flushes every write of the
// transaction (thousands of files) at once, where fsync per file would cost a
// flush each. /boot is often its own file system, so it is synced separately.
import { closeSync, constants, fsyncSync, openSync } from 'node:fs';
import { sys } from '../fs/native.js';

export function syncFilesystems(dirs: string[]): void {
  for (const dir of dirs) {
    const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      sys.syncfs(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Makes a rename or unlink in `dir` durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
