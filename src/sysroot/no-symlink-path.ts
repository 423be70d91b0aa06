// Trees are untrusted input: a commit may make usr/etc, usr/lib/modules/V or
// vmlinuz a symlink to an absolute path, which would read (and copy into the
// deployment or /boot) files of the host. Paths we read from a tree are checked
// component by component with lstat and must not pass through a symlink.
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';

/** lstat of root/rel when no component of rel is a symlink; null when something is missing. */
export function lstatNoSymlink(root: string, rel: string, label: string): Stats | null {
  let cur = root;
  let st: Stats | null = null;
  for (const part of rel.split('/').filter((p) => p !== '')) {
    cur = path.join(cur, part);
    try {
      st = lstatSync(cur);
    } catch {
      return null;
    }
    if (st.isSymbolicLink()) {
      throw new OssifyError(
        'ERR_OSSIFY_UNSAFE_PATH',
        `${label}: ${rel} passes through the symlink ${path.relative(root, cur)}`,
        {
          hint: 'ship this path as a real directory or file in the tree; symlinks here could point outside it',
          subject: cur,
        },
      );
    }
  }
  return st;
}
