// Name -> id lookups in a tree's own /etc/passwd and /etc/group (never the host's).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';

function lookup(root: string, file: 'passwd' | 'group', name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const text = readFileSync(path.join(root, 'etc', file), 'utf8');
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length > 2) return Number(f[2]);
  }
  throw new OssifyError(
    'ERR_OSSIFY_COMPOSE',
    `${file === 'passwd' ? 'user' : 'group'} ${name} does not exist in the tree`,
    {
      subject: name,
      hint: 'declare it under users:/groups: in the manifest, or use a numeric id',
    },
  );
}

export const treeUid = (root: string, name: string): number => lookup(root, 'passwd', name);
export const treeGid = (root: string, name: string): number => lookup(root, 'group', name);
