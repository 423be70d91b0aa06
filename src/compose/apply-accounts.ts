// Writes the manifest's users and groups into the tree (see plan-accounts.ts).
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { ManifestGroup, ManifestUser } from './manifest-schema.js';
import { planAccounts, type AccountDb } from './plan-accounts.js';
import { resolveInTree } from './resolve-in-tree.js';

const read = (root: string, name: string): string => {
  const file = path.join(root, 'etc', name);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

export function applyAccounts(
  root: string,
  users: ManifestUser[],
  groups: ManifestGroup[],
  epoch: number,
): void {
  const db: AccountDb = {
    passwd: read(root, 'passwd'),
    group: read(root, 'group'),
    shadow: read(root, 'shadow'),
    gshadow: read(root, 'gshadow'),
  };
  const result = planAccounts(db, users, groups, Math.floor(epoch / 86400));
  writeFileSync(path.join(root, 'etc', 'passwd'), result.db.passwd, { mode: 0o644 });
  writeFileSync(path.join(root, 'etc', 'group'), result.db.group, { mode: 0o644 });
  for (const secret of ['shadow', 'gshadow'] as const) {
    const file = path.join(root, 'etc', secret);
    writeFileSync(file, result.db[secret], { mode: 0o640 });
    chmodSync(file, 0o640);
  }
  if (result.sysusers) {
    const dir = path.join(root, 'usr', 'lib', 'sysusers.d');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'ossify.conf'), result.sysusers);
  }
  for (const h of result.homes) {
    const dir = resolveInTree(root, h.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, h.uid, h.gid);
    chmodSync(dir, 0o700);
  }
}
