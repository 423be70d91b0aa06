// Deletes a directory tree with one readdir per directory and one unlink or
// rmdir per entry, trusting d_type. Node's rmSync (rimraf) stats every entry and
// tries rmdir before unlink; on a 10,000-entry deployment that is about twice
// the syscalls, and deleting the superseded deployment is on every deploy's path.
import { readdirSync, rmSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';

export function removeTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') return unlinkSync(dir);
    throw err;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) removeTree(p);
    else if (e.isFile() || e.isSymbolicLink()) unlinkSync(p);
    else rmSync(p, { force: true }); // DT_UNKNOWN on some file systems: let rm decide
  }
  rmdirSync(dir);
}
