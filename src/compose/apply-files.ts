// Writes the manifest's files into the tree: inline content or a copy of a
// source file, with mode and owner resolved against the tree's accounts.
import {
  chmodSync,
  chownSync,
  copyFileSync,
  constants,
  lstatSync,
  mkdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';
import type { PlannedFile } from './compose-plan.js';
import { resolveInTree } from './resolve-in-tree.js';
import { treeGid, treeUid } from './tree-accounts.js';

/** Fails early, before any tree is built, when a source file is missing. */
export function checkFileSources(files: PlannedFile[]): void {
  for (const f of files) {
    if (f.source === undefined) continue;
    try {
      if (!lstatSync(f.source).isFile()) throw new Error('not a regular file');
    } catch (err) {
      throw new OssifyError(
        'ERR_OSSIFY_MANIFEST',
        `files: source ${f.source} for ${f.path} ${isErrno(err, 'ENOENT') ? 'does not exist' : `is unusable: ${(err as Error).message}`}`,
        {
          subject: f.source,
          hint: 'source paths are relative to the manifest file',
          cause: err,
        },
      );
    }
  }
}

export function applyFiles(root: string, files: PlannedFile[]): void {
  for (const f of files) {
    const dest = resolveInTree(root, f.path);
    mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 });
    // Replace, never write through, whatever sits there (a symlink could point out of the tree).
    rmSync(dest, { force: true });
    if (f.content !== undefined) writeFileSync(dest, f.content, { flag: 'wx', mode: f.mode });
    else copyFileSync(f.source as string, dest, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    chownSync(dest, treeUid(root, f.owner), treeGid(root, f.group));
    chmodSync(dest, f.mode);
  }
}
