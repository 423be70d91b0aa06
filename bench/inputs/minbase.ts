// Input "minbase": a real Debian bookworm minbase tree from mmdebstrap (default mirror,
// deb.debian.org, as in this machine's apt sources), kept as a directory and as minbase.tar.
//
// mmdebstrap --mode=root leaves device nodes in /dev; OSTree refuses them ("Not a regular
// file or symlink"), and OS trees ship an empty /dev anyway, so they are removed from both
// forms. The list of removed paths is kept in minbase.json.
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readMeta, statTree, writeMeta } from '../lib/cache.js';
import { removeTree, run } from '../lib/exec.js';
import type { BenchInput, InputContext, PreparedInput } from '../lib/types.js';

interface MinbaseMeta {
  entries: number;
  bytes: number;
  prepSeconds: number;
  builtAt: string;
  mmdebstrap: string;
  command: string[];
  removedSpecialFiles: string[];
}

async function prepare(ctx: InputContext): Promise<PreparedInput> {
  const tree = path.join(ctx.cacheDir, 'minbase');
  const tar = path.join(ctx.cacheDir, 'minbase.tar');
  const metaFile = path.join(ctx.cacheDir, 'minbase.json');
  let meta = readMeta<MinbaseMeta>(metaFile);
  const cached = meta !== undefined;
  if (!meta) {
    const partial = `${tree}.partial`;
    await removeTree(partial);
    await removeTree(tree);
    rmSync(tar, { force: true });
    const command = ['mmdebstrap', '--variant=minbase', '--mode=root', 'bookworm', partial];
    ctx.log(`minbase: building with ${command.join(' ')} (about 18 s here)`);
    const start = performance.now();
    await run({ argv: command });
    const special = statTree(partial).other;
    for (const rel of special) rmSync(path.join(partial, rel));
    await run({
      argv: [
        'tar',
        '--xattrs',
        '--xattrs-include=*',
        '--numeric-owner',
        '-C',
        partial,
        '-cf',
        `${tar}.partial`,
        '.',
      ],
    });
    renameSync(`${tar}.partial`, tar);
    renameSync(partial, tree);
    const stats = statTree(tree);
    meta = {
      entries: stats.entries,
      bytes: stats.bytes,
      prepSeconds: (performance.now() - start) / 1000,
      builtAt: new Date().toISOString(),
      mmdebstrap: (await run({ argv: ['mmdebstrap', '--version'] })).trim(),
      command: command.map((a) => (a === partial ? 'DIR' : a)),
      removedSpecialFiles: special,
    };
    writeMeta(metaFile, meta);
    ctx.log(
      `minbase: ${meta.entries} entries, ${(meta.bytes / 1e6).toFixed(0)} MB in ${meta.prepSeconds.toFixed(1)} s`,
    );
  }
  return {
    id: 'minbase',
    tree,
    files: { tar },
    entries: meta.entries,
    bytes: meta.bytes,
    prepSeconds: meta.prepSeconds,
    cached,
    details: {
      builtAt: meta.builtAt,
      mmdebstrap: meta.mmdebstrap,
      removedSpecialFiles: meta.removedSpecialFiles,
    },
  };
}

export const input: BenchInput = {
  id: 'minbase',
  description: 'Debian bookworm minbase (mmdebstrap)',
  defaultRuns: 3,
  prepare,
};
