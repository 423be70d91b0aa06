// Input "synthetic": 200,000 small entries built by code, the same bytes on every machine.
//
// Layout: 100 top directories x 20 subdirectories x 100 entries. Regular files of 0-8192
// bytes (uniform) of seeded pseudo-text, so archive mode has something to compress;
// every 100th entry is a relative symlink to a sibling, every 500th file duplicates its
// predecessor's content, every 10th file is executable. Bump VERSION when the generator
// changes: the cache key includes it, so old trees are not mistaken for new ones.
import { chmodSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMeta, statTree, writeMeta } from '../lib/cache.js';
import { removeTree } from '../lib/exec.js';
import type { BenchInput, InputContext, PreparedInput } from '../lib/types.js';

const VERSION = 1;
const SEED = 0x05511f7;
const TOP = 100;
const SUB = 20;
const PER_DIR = 100;
const MAX_SIZE = 8192;

/** mulberry32: tiny, fast, good enough to spread sizes and offsets. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 MiB of word salad from a 512-word vocabulary; file bodies are slices of it. */
function makePool(): Buffer {
  const r = rng(SEED);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words: string[] = [];
  for (let i = 0; i < 512; i++) {
    let w = '';
    const len = 2 + Math.floor(r() * 9);
    for (let j = 0; j < len; j++) w += letters[Math.floor(r() * 26)];
    words.push(w);
  }
  const parts: string[] = [];
  let size = 0;
  while (size < 1 << 20) {
    const w = words[Math.floor(r() * words.length)] + (r() < 0.1 ? '\n' : ' ');
    parts.push(w);
    size += w.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

function content(pool: Buffer, index: number): Buffer {
  const r = rng(SEED ^ Math.imul(index + 1, 0x9e3779b1));
  const size = Math.floor(r() * (MAX_SIZE + 1));
  // The index up front keeps contents distinct (except tiny files); the rest is pool text.
  const head = Buffer.from(`${index}\n`, 'latin1');
  const body = pool.subarray(Math.floor(r() * (pool.length - MAX_SIZE)));
  return Buffer.concat([head, body], size).subarray(0, size);
}

const name = (prefix: string, n: number, width: number): string => prefix + String(n).padStart(width, '0');

function generate(root: string): void {
  const pool = makePool();
  const oldMask = process.umask(0o022);
  try {
    mkdirSync(root, { mode: 0o755 });
    for (let t = 0; t < TOP; t++) {
      const top = path.join(root, name('d', t, 2));
      mkdirSync(top, { mode: 0o755 });
      for (let s = 0; s < SUB; s++) {
        const dir = path.join(top, name('s', s, 2));
        mkdirSync(dir, { mode: 0o755 });
        for (let f = 0; f < PER_DIR; f++) {
          const index = (t * SUB + s) * PER_DIR + f;
          const file = path.join(dir, name('f', f, 3));
          if (index % 100 === 37) {
            symlinkSync(name('f', (f + 1) % PER_DIR, 3), file);
            continue;
          }
          const source = index % 500 === 123 ? index - 1 : index;
          writeFileSync(file, content(pool, source));
          if (index % 10 === 3) chmodSync(file, 0o755);
        }
      }
    }
  } finally {
    process.umask(oldMask);
  }
}

interface SyntheticMeta {
  version: number;
  entries: number;
  bytes: number;
  files: number;
  dirs: number;
  symlinks: number;
  prepSeconds: number;
  builtAt: string;
}

async function prepare(ctx: InputContext): Promise<PreparedInput> {
  const tree = path.join(ctx.cacheDir, `synthetic-v${VERSION}`);
  const metaFile = `${tree}.json`;
  let meta = readMeta<SyntheticMeta>(metaFile);
  const cached = meta !== undefined;
  if (!meta) {
    const partial = `${tree}.partial`;
    await removeTree(partial);
    await removeTree(tree);
    ctx.log(`synthetic: generating ${TOP * SUB * PER_DIR} entries (about 11 s here)`);
    const start = performance.now();
    generate(partial);
    renameSync(partial, tree);
    const s = statTree(tree);
    meta = {
      version: VERSION,
      entries: s.entries,
      bytes: s.bytes,
      files: s.files,
      dirs: s.dirs,
      symlinks: s.symlinks,
      prepSeconds: (performance.now() - start) / 1000,
      builtAt: new Date().toISOString(),
    };
    writeMeta(metaFile, meta);
    ctx.log(
      `synthetic: ${meta.entries} entries, ${(meta.bytes / 1e6).toFixed(0)} MB in ${meta.prepSeconds.toFixed(1)} s`,
    );
  }
  return {
    id: 'synthetic',
    tree,
    files: {},
    entries: meta.entries,
    bytes: meta.bytes,
    prepSeconds: meta.prepSeconds,
    cached,
    details: { version: meta.version, files: meta.files, dirs: meta.dirs, symlinks: meta.symlinks },
  };
}

export const input: BenchInput = {
  id: 'synthetic',
  description: `${TOP * SUB * PER_DIR} small files, seeded`,
  defaultRuns: 1,
  ossifyRssLimitMB: 250,
  prepare,
};
