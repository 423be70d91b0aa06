// /var belongs to the machine, not to a version: ostree/deploy/OS/var is shared
// by every deployment of OS. On first use it is seeded from the tree's /var;
// after that, deployments never touch it (a stamp file records the seeding).
import { existsSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { copyTree } from './copy-entry.js';
import path from 'node:path';

export const VAR_STAMP = '.ossify-seeded';

export function seedVar(treeVar: string, sharedVar: string): number {
  if (existsSync(path.join(sharedVar, VAR_STAMP))) return 0;
  let copied = 0;
  if (existsSync(treeVar) && lstatSync(treeVar).isDirectory()) {
    for (const name of readdirSync(treeVar)) {
      const dst = path.join(sharedVar, name);
      if (existsSync(dst)) continue;
      copyTree(path.join(treeVar, name), dst);
      copied++;
    }
  }
  writeFileSync(path.join(sharedVar, VAR_STAMP), '');
  return copied;
}
