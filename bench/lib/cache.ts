// The input cache outside git: where it lives, how complete entries are recognised,
// and a small tree walker for entry and byte counts.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cacheRoot(): string {
  const dir = process.env.OSSIFY_BENCH_CACHE || path.join(os.homedir(), '.cache', 'ossify-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * An input is complete only when its metadata file exists: it is written last, after the
 * tree has been renamed into place, so an interrupted build is rebuilt on the next run.
 */
export function readMeta<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function writeMeta(file: string, meta: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(meta, null, 2) + '\n');
  renameSync(tmp, file);
}

export interface TreeStats {
  entries: number;
  bytes: number;
  files: number;
  dirs: number;
  symlinks: number;
  other: string[];
}

/** Counts a tree without following symlinks (readdirSync + lstatSync, see DESIGN §5). */
export function statTree(root: string): TreeStats {
  const stats: TreeStats = { entries: 0, bytes: 0, files: 0, dirs: 0, symlinks: 0, other: [] };
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      stats.entries++;
      if (d.isDirectory()) {
        stats.dirs++;
        stack.push(p);
      } else if (d.isFile()) {
        stats.files++;
        stats.bytes += lstatSync(p).size;
      } else if (d.isSymbolicLink()) {
        stats.symlinks++;
      } else {
        stats.other.push(path.relative(root, p));
      }
    }
  }
  return stats;
}
