// /var belongs to the machine, not to a version: ostree/deploy/OS/var is shared
// by every deployment of OS. On first use it is seeded from the tree's /var;
// after that, deployments never touch it (a stamp file records the seeding).
import { existsSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { copyTree } from './copy-entry.js';
import path from 'node:path';

export const VAR_STAMP = '.ossify-seeded';

/** existsSync follows symlinks; a dangling one (var/lock -> /run/lock) still occupies its name. */
function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Copies what the tree's /var has and the shared /var lacks, at any depth; never overwrites. */
export function seedVar(treeVar: string, sharedVar: string): number {
  if (existsSync(path.join(sharedVar, VAR_STAMP))) return 0;
  let copied = 0;
  const merge = (src: string, dst: string): void => {
    for (const name of readdirSync(src)) {
      const s = path.join(src, name);
      const d = path.join(dst, name);
      if (!lexists(d)) {
        copyTree(s, d);
        copied++;
      } else if (lstatSync(s).isDirectory() && lstatSync(d).isDirectory()) merge(s, d);
    }
  };
  if (existsSync(treeVar) && lstatSync(treeVar).isDirectory()) merge(treeVar, sharedVar);
  writeFileSync(path.join(sharedVar, VAR_STAMP), '');
  return copied;
}
