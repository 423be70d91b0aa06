// Compose against mmdebstrap alone: `ossify compose` of the minimal bootable
// manifest (examples/server) vs `mmdebstrap` building the same package set from
// the same warm package cache. One untimed compose first fills the cache and
// writes the lock; mmdebstrap still fetches apt lists each run while ossify keeps
// them, which is part of what is compared.
import { copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mmdebstrap } from '../lib/peers.js';
import type { BenchCase, CaseContext } from '../lib/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MANIFEST = path.join(ROOT, 'examples', 'server', 'server.yaml');
const PACKAGES = [
  'linux-image-cloud-amd64',
  'dracut',
  'ostree-boot',
  'systemd-sysv',
  'systemd-resolved',
  'udev',
  'dbus',
  'iproute2',
  'openssh-server',
  'sudo',
  'ca-certificates',
];
const ARCHIVES = path.join(
  process.env.OSSIFY_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'ossify'),
  'apt',
  'archives',
);

/** A copy of the manifest with its lock, after one untimed compose that fills the cache. */
async function lockedManifest(ctx: CaseContext): Promise<string> {
  const dir = await ctx.fixture('compose-server', async (d) => {
    copyFileSync(MANIFEST, path.join(d, 'server.yaml'));
    await ctx.exec(ctx.ossify(['repo', 'init', '--repo', path.join(d, 'repo')]).argv);
    await ctx.exec(ctx.ossify(['compose', path.join(d, 'server.yaml'), '--repo', path.join(d, 'repo')]).argv);
  });
  return path.join(dir, 'server.yaml');
}

const composeServer: BenchCase = {
  id: 'compose-server',
  op: 'compose minimal server',
  groups: ['compose'],
  peer: mmdebstrap,
  target: 1.3,
  inputs: ['minbase'],
  async setup(side, ctx) {
    const manifest = await lockedManifest(ctx);
    if (side === 'peer') {
      return {
        command: {
          argv: [
            'mmdebstrap',
            '--mode=root',
            '--variant=minbase',
            `--include=${PACKAGES.join(',')}`,
            '--skip=download/empty',
            '--skip=essential/unlink',
            `--setup-hook=mkdir -p "$1/var/cache/apt/archives" && cp -al ${ARCHIVES}/. "$1/var/cache/apt/archives/"`,
            'bookworm',
            path.join(ctx.work, 'tree'),
          ],
        },
        warm: [],
      };
    }
    const repo = path.join(ctx.work, 'repo');
    await ctx.exec(ctx.ossify(['repo', 'init', '--repo', repo]).argv);
    // same manifest and lock: the lock is only read
    return { command: ctx.ossify(['compose', manifest, '--repo', repo]), warm: [] };
  },
};

export const cases: BenchCase[] = [composeServer];
