// Package changes inside an existing tree with its own apt, in the sandbox:
// removal runs offline; installation (bases other than a suite) gets network
// and the shared package cache.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { pinPreferences } from './bootstrap-tree.js';
import type { PackageEntry } from './package-entry.js';
import { runInTree } from './run-in-tree.js';
import { runTool, tail } from './run-tool.js';
import { bwrapArgs } from './run-in-tree.js';

function packageError(output: string, what: string): OssifyError {
  const unknown = /Unable to locate package (\S+)/.exec(output);
  if (unknown) {
    return new OssifyError('ERR_OSSIFY_PACKAGE', `unknown package ${unknown[1]}`, { subject: unknown[1] });
  }
  return new OssifyError('ERR_OSSIFY_TOOL_FAILED', `${what} failed:\n${tail(output)}`, {
    subject: 'apt-get',
  });
}

export async function removePackages(root: string, packages: string[], epoch: number): Promise<void> {
  const r = await runInTree(root, ['apt-get', 'purge', '-y', '--allow-remove-essential', ...packages], {
    env: { SOURCE_DATE_EPOCH: String(epoch) },
  });
  if (r.code !== 0) throw packageError(r.output, `removing ${packages.join(' ')}`);
}

export async function installPackages(
  root: string,
  opts: {
    packages: string[];
    pins: PackageEntry[];
    cacheDir: string;
    epoch: number;
    onLine?: (l: string) => void;
  },
): Promise<{ downloaded: number }> {
  const prefs = path.join(root, 'etc/apt/preferences.d/ossify-lock');
  mkdirSync(path.dirname(prefs), { recursive: true });
  writeFileSync(prefs, pinPreferences(opts.pins));
  const archives = path.join(opts.cacheDir, 'apt', 'archives');
  mkdirSync(archives, { recursive: true });
  const before = new Set(readdirSync(archives));
  const sandbox = [
    ...bwrapArgs(root, true, { SOURCE_DATE_EPOCH: String(opts.epoch) }),
    '--bind',
    archives,
    '/var/cache/apt/archives',
    '--',
  ];
  try {
    for (const argv of [
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', ...opts.packages],
    ]) {
      const r = await runTool('bwrap', [...sandbox, ...argv], { onLine: opts.onLine });
      if (r.code !== 0) throw packageError(r.output, argv.slice(0, 2).join(' '));
    }
  } finally {
    rmSync(prefs, { force: true });
  }
  return { downloaded: readdirSync(archives).filter((n) => n.endsWith('.deb') && !before.has(n)).length };
}
