// Writes a planned /etc merge into a fresh directory (the new deployment's /etc).
// Building from scratch, rather than patching a copy, means a crash mid-way
// leaves only an incomplete, unreferenced deployment that cleanup removes.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { wrapIoError } from '../core/errors.js';
import { applyMeta, copyEntry, copyTree, readMeta } from './copy-entry.js';
import { mergeText } from './merge-text.js';
import { NEW_SUFFIX, type EtcAction } from './plan-etc-merge.js';

export interface EtcMergeDirs {
  oldDefaults: string | null;
  current: string | null;
  newDefaults: string;
  dest: string;
}

export interface EtcConflict {
  path: string;
  reason: string;
}

export function applyEtcMerge(dirs: EtcMergeDirs, actions: EtcAction[]): EtcConflict[] {
  const conflicts: EtcConflict[] = [];
  mkdirSync(dirs.dest);
  // A tree without /usr/etc has empty defaults; /etc itself is then root's 0755.
  const metaSource = [dirs.current, dirs.newDefaults].find((d) => d !== null && existsSync(d));
  const rootMeta = metaSource ? readMeta(metaSource) : { mode: 0o755, uid: 0, gid: 0, xattrs: '' };
  applyMeta(dirs.dest, rootMeta, false);
  const from = (base: string | null, p: string): string => path.join(base ?? '/nonexistent', p);
  // A fresh NAME.ossify-new replaces a stale one carried over from an earlier merge.
  const fresh = new Set<string>();
  const writeNew = (rel: string): void => {
    const target = path.join(dirs.dest, rel + NEW_SUFFIX);
    rmSync(target, { recursive: true, force: true });
    copyTree(from(dirs.newDefaults, rel), target);
    fresh.add(rel + NEW_SUFFIX);
  };
  for (const a of actions) {
    const dst = path.join(dirs.dest, a.path);
    if ([...fresh].some((f) => a.path === f || a.path.startsWith(f + '/'))) continue;
    try {
      if (a.result === 'local') copyEntry(from(dirs.current, a.path), dst, a.meta);
      else if (a.result === 'new') copyEntry(from(dirs.newDefaults, a.path), dst, a.meta);
      else if (a.result === 'merge-text') {
        const read = (base: string | null): string => {
          try {
            return readFileSync(from(base, a.path), 'utf8');
          } catch {
            return '';
          }
        };
        const merged = mergeText(read(dirs.oldDefaults), read(dirs.current), read(dirs.newDefaults));
        if (merged.ok) {
          writeFileSync(dst, merged.text, { flag: 'wx' });
          applyMeta(dst, a.meta ?? readMeta(from(dirs.current, a.path)), false);
        } else {
          copyEntry(from(dirs.current, a.path), dst, a.meta);
          conflicts.push({ path: a.path, reason: 'text changed on both sides and the changes overlap' });
          writeNew(a.path);
        }
      }
      if (a.conflict !== undefined) {
        conflicts.push({ path: a.path, reason: a.conflict });
        if (a.writeNew) writeNew(a.path);
      }
    } catch (err) {
      wrapIoError(err, `merging /etc/${a.path}`);
    }
  }
  return conflicts;
}
