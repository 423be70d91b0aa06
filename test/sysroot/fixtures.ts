// Fixture OS trees and sysroots built in code. Commits are written with the real
// `ostree` CLI (the format oracle), so every test also checks we read what it writes.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initSysroot } from '../../src/sysroot/index.js';

export const OS = 'demo';
export const KVER = '6.1.0-test';
export const CLI = path.resolve(import.meta.dirname, '..', '..', 'bin', 'ossify.js');

export interface TreeSpec {
  version: string;
  /** /usr/etc defaults: path -> content (string), or { dir: true }, or { link: target }. */
  etc?: Record<
    string,
    string | { dir: true; mode?: number } | { link: string } | { content: string; mode: number }
  >;
  /** /var seed content. */
  var?: Record<string, string>;
  /** Extra files anywhere in the tree. */
  files?: Record<string, string | Buffer>;
  kernel?: string | false;
  /** Paths replaced by symlinks (hostile trees): path -> target. */
  symlinks?: Record<string, string>;
}

export function tmpDir(prefix = 'ossify-sysroot-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a directory tree that may contain immutable deployment roots. */
export function removeTree(dir: string): void {
  spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' });
  fs.rmSync(dir, { recursive: true, force: true });
}

export function writeTree(dir: string, spec: TreeSpec): void {
  const put = (rel: string, content: string | Buffer, mode?: number): void => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    if (mode !== undefined) fs.chmodSync(p, mode);
  };
  put('usr/lib/os-release', `NAME=Demo\nID=demo\nVERSION_ID=${spec.version}\nPRETTY_NAME="Demo OS"\n`);
  if (spec.kernel !== false) {
    put(`usr/lib/modules/${KVER}/vmlinuz`, spec.kernel ?? 'kernel image\n');
    put(`usr/lib/modules/${KVER}/initramfs.img`, 'initramfs\n');
  }
  put('usr/bin/hello', `#!/bin/sh\necho hello ${spec.version}\n`, 0o755);
  const legacyEtc = Object.keys(spec.files ?? {}).some((k) => k.startsWith('etc/'));
  if (!legacyEtc) fs.mkdirSync(path.join(dir, 'usr/etc'), { recursive: true });
  for (const [rel, v] of Object.entries(spec.etc ?? {})) {
    const p = path.join(dir, 'usr/etc', rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (typeof v === 'string') fs.writeFileSync(p, v);
    else if ('dir' in v) {
      fs.mkdirSync(p, { recursive: true });
      if (v.mode !== undefined) fs.chmodSync(p, v.mode);
    } else if ('link' in v) fs.symlinkSync(v.link, p);
    else put(path.join('usr/etc', rel), v.content, v.mode);
  }
  for (const [rel, v] of Object.entries(spec.var ?? {})) put(path.join('var', rel), v);
  for (const [rel, v] of Object.entries(spec.files ?? {})) put(rel, v);
  for (const [rel, target] of Object.entries(spec.symlinks ?? {})) {
    const p = path.join(dir, rel);
    fs.rmSync(p, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.symlinkSync(target, p);
  }
}

/** Commits a tree built from `spec` to `branch` of the sysroot's repository; returns the checksum. */
export function commitSpec(sysroot: string, branch: string, spec: TreeSpec): string {
  const tree = tmpDir('ossify-tree-');
  try {
    writeTree(tree, spec);
    const out = execFileSync('ostree', [
      `--repo=${path.join(sysroot, 'ostree/repo')}`,
      'commit',
      `--branch=${branch}`,
      `--tree=dir=${tree}`,
      `--subject=${spec.version}`,
      `--add-metadata-string=version=${spec.version}`,
      '--owner-uid=0',
      '--owner-gid=0',
    ]);
    return out.toString().trim();
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

export function newSysroot(dir = tmpDir()): string {
  initSysroot(dir, OS);
  return dir;
}

export function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function ostreeStatus(sysroot: string): string {
  return execFileSync('ostree', ['admin', 'status', `--sysroot=${sysroot}`], { encoding: 'utf8' });
}

/** Lines "OS CSUM.SERIAL" in ostree's order, from `ostree admin status`. */
export function ostreeOrder(sysroot: string): string[] {
  return ostreeStatus(sysroot)
    .split('\n')
    .map((l) => /^[* ] (\S+) ([0-9a-f]{64}\.\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}/${m[2]}`);
}

export function deploymentDir(sysroot: string, id: string): string {
  const [osname, name] = id.split('/');
  return path.join(sysroot, 'ostree/deploy', osname, 'deploy', name);
}
