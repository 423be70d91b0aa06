// Resolves an absolute path inside a root file system the way the tree's own
// kernel would (symlinks in parent directories are followed *inside* the tree,
// e.g. /bin -> usr/bin), never escaping it. The last component is not followed:
// writers replace a symlink there instead of writing through it.
import { lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';

export function resolveInTree(root: string, absPath: string): string {
  const parts = absPath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) {
    throw new OssifyError(
      'ERR_OSSIFY_UNSAFE_PATH',
      `path ${absPath} must name a file inside the tree without ..`,
      {
        subject: absPath,
      },
    );
  }
  const resolved: string[] = [];
  let hops = 0;
  while (parts.length > 1) {
    const part = parts.shift() as string;
    const candidate = path.join(root, ...resolved, part);
    let link: string | null = null;
    try {
      link = lstatSync(candidate).isSymbolicLink() ? readlinkSync(candidate) : null;
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
    if (link === null) {
      resolved.push(part);
      continue;
    }
    if (++hops > 40)
      throw new OssifyError('ERR_OSSIFY_UNSAFE_PATH', `too many symlinks resolving ${absPath}`);
    const target = link.split('/').filter((p) => p !== '' && p !== '.');
    if (link.startsWith('/')) resolved.length = 0;
    const next: string[] = [];
    for (const t of target) {
      if (t === '..') {
        if (next.length) next.pop();
        else resolved.pop();
      } else next.push(t);
    }
    parts.unshift(...next);
  }
  return path.join(root, ...resolved, parts[0]);
}
