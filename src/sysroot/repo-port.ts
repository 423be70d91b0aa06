// The slice of the store API the sysroot uses. Until src/store lands this drives
// the real `ostree` CLI, which reads and writes the same on-disk format; the
// signatures are the store's, so switching is a matter of re-exporting.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';

export type RepoMode = 'bare' | 'archive';
export interface Repo {
  readonly path: string;
  readonly mode: RepoMode;
}
export interface CommitInfo {
  checksum: string;
  parent: string | null;
  subject: string;
  body: string;
  timestamp: Date;
  rootTree: string;
  rootMeta: string;
  metadata: Record<string, unknown>;
}

function ostree(args: string[]): string {
  try {
    return execFileSync('ostree', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`ostree ${args.join(' ')}: ${stderr}`, { cause: err });
  }
}

export function initRepo(p: string, opts: { mode?: RepoMode } = {}): Repo {
  ostree(['init', `--repo=${p}`, `--mode=${opts.mode ?? 'bare'}`]);
  return openRepo(p);
}

export function openRepo(p: string): Repo {
  const config = path.join(p, 'config');
  if (!existsSync(config) || !existsSync(path.join(p, 'objects'))) {
    throw new OssifyError('ERR_OSSIFY_NOT_A_REPO', `not an OSTree repository: ${p}`, { subject: p });
  }
  const mode = /^mode\s*=\s*archive/m.test(readFileSync(config, 'utf8')) ? 'archive' : 'bare';
  return { path: p, mode };
}

export function resolveRev(repo: Repo, rev: string): string {
  try {
    return ostree(['rev-parse', `--repo=${repo.path}`, rev]).trim();
  } catch (err) {
    throw new OssifyError('ERR_OSSIFY_REF_NOT_FOUND', `no such ref or commit: ${rev}`, {
      hint: 'list refs with "ossify refs" or "ostree refs --repo ' + repo.path + '"',
      subject: rev,
      cause: err,
    });
  }
}

export function readCommit(repo: Repo, checksum: string): CommitInfo {
  const text = ostree(['show', `--repo=${repo.path}`, checksum]);
  const date = /^Date:\s+(.*)$/m.exec(text)?.[1] ?? '';
  const version = /^Version:\s+(.*)$/m.exec(text)?.[1];
  const parent = /^Parent:\s+([0-9a-f]{64})/m.exec(text)?.[1] ?? null;
  const bodyLines = text.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4));
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)$/.exec(date);
  const timestamp = m ? new Date(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) : new Date(0);
  return {
    checksum,
    parent,
    subject: bodyLines[0] ?? '',
    body: bodyLines.slice(2).join('\n'),
    timestamp,
    rootTree: '',
    rootMeta: '',
    metadata: version === undefined ? {} : { version },
  };
}

export function listRefs(repo: Repo): Array<{ ref: string; checksum: string }> {
  const out: Array<{ ref: string; checksum: string }> = [];
  const heads = path.join(repo.path, 'refs', 'heads');
  const walk = (dir: string, prefix: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), prefix + e.name + '/');
      else out.push({ ref: prefix + e.name, checksum: readFileSync(path.join(dir, e.name), 'utf8').trim() });
    }
  };
  walk(heads, '');
  return out;
}

export function setRef(repo: Repo, ref: string, checksum: string | null): void {
  const file = path.join(repo.path, 'refs', 'heads', ref);
  if (checksum === null) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file + '.tmp', checksum + '\n');
  renameSync(file + '.tmp', file);
}

export async function checkoutCommit(
  repo: Repo,
  rev: string,
  dest: string,
  opts: { subpath?: string; copy?: boolean } = {},
): Promise<{ files: number }> {
  const args = ['checkout', `--repo=${repo.path}`];
  if (repo.mode === 'bare' && !opts.copy) args.push('--require-hardlinks');
  if (opts.subpath) args.push(`--subpath=${opts.subpath}`);
  ostree([...args, rev, dest]);
  return { files: 0 };
}

export async function pruneRepo(
  repo: Repo,
  opts: { refsOnly?: boolean; keep?: string[] } = {},
): Promise<{ objectsRemoved: number; bytesFreed: number }> {
  const args = ['prune', `--repo=${repo.path}`];
  if (opts.refsOnly) args.push('--refs-only');
  // The CLI has no "extra roots" flag; keep them with temporary refs instead.
  const tmpRefs = (opts.keep ?? []).map((c, i) => `ossify-keep/${i}`);
  tmpRefs.forEach((r, i) => setRef(repo, r, opts.keep![i]));
  try {
    const text = ostree(args);
    const m = /Deleted (\d+) objects, (\d+)/.exec(text);
    return { objectsRemoved: m ? Number(m[1]) : 0, bytesFreed: m ? Number(m[2]) : 0 };
  } finally {
    for (const r of tmpRefs) setRef(repo, r, null);
    if (tmpRefs.length && existsSync(path.join(repo.path, 'refs/heads/ossify-keep'))) {
      if (statSync(path.join(repo.path, 'refs/heads/ossify-keep')).isDirectory()) {
        rmSync(path.join(repo.path, 'refs/heads/ossify-keep'), { recursive: true, force: true });
      }
    }
  }
}

export interface TreeEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  xattrs: Array<[string, Buffer]>;
  checksum: string;
  size?: number;
  target?: string;
}

/** Shim limitation: xattrs are not decoded from `ostree ls` (the store's walkCommit has them). */
export function* walkCommit(repo: Repo, checksum: string): Iterable<TreeEntry> {
  const text = ostree(['ls', `--repo=${repo.path}`, '-R', '-C', checksum]);
  for (const line of text.split('\n')) {
    const m = /^([-dl])0?([0-7]+) (\d+) (\d+)\s+(\d+) ([0-9a-f]{64})(?: [0-9a-f]{64})? (\/.*)$/.exec(line);
    if (!m) continue;
    const type = m[1] === 'd' ? 'dir' : m[1] === 'l' ? 'symlink' : 'file';
    let p = m[7];
    let target: string | undefined;
    if (type === 'symlink') {
      const i = p.indexOf(' -> ');
      target = p.slice(i + 4);
      p = p.slice(0, i);
    }
    yield { path: p, type, mode: parseInt(m[2], 8) & 0o7777, uid: Number(m[3]), gid: Number(m[4]), xattrs: [], checksum: m[6], size: Number(m[5]), target };
  }
}
