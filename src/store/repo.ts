// Opening and creating repositories. A repository is a directory with a GLib key
// file `config` ([core] repo_version=1, mode=bare|archive-z2) and the objects/,
// refs/, tmp/ and state/ folders, exactly as OSTree lays them out, so either
// tool can open the other's repositories.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';
import { keyfileGet, parseKeyfile } from '../core/keyfile.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock, type LockMode } from '../fs/file-lock.js';

export type RepoMode = 'bare' | 'archive';

export interface Repo {
  readonly path: string;
  readonly mode: RepoMode;
  /** Compression level for archive content objects (core.zlib-level, default 6 as OSTree). */
  readonly zlibLevel: number;
}

const SUBDIRS = ['objects', 'refs/heads', 'refs/remotes', 'refs/mirrors', 'tmp/cache', 'state', 'extensions'];

export function initRepo(repoPath: string, opts: { mode?: RepoMode } = {}): Repo {
  const mode = opts.mode ?? 'bare';
  if (mode !== 'bare' && mode !== 'archive') {
    throw new OssifyError('ERR_OSSIFY_USAGE', `unknown repository mode "${mode as string}"`, {
      hint: 'use --mode bare (checkouts by hardlink) or --mode archive (compressed, for serving)',
    });
  }
  const root = path.resolve(repoPath);
  if (existsSync(path.join(root, 'config'))) {
    throw new OssifyError('ERR_OSSIFY_REPO_EXISTS', `a repository already exists at ${root}`, {
      hint: 'open it with --repo, or choose an empty directory',
      subject: root,
    });
  }
  if (existsSync(root) && readdirSync(root).length > 0 && !existsSync(path.join(root, 'objects'))) {
    throw new OssifyError('ERR_OSSIFY_EXISTS', `${root} is not empty`, {
      hint: 'a repository is created in a new or empty directory',
      subject: root,
    });
  }
  for (const d of SUBDIRS) mkdirSync(path.join(root, d), { recursive: true });
  // The config is written last: a directory without it is not (yet) a repository.
  const config = `[core]\nrepo_version=1\nmode=${mode === 'archive' ? 'archive-z2' : 'bare'}\n`;
  writeFileAtomic(path.join(root, 'config'), config);
  return { path: root, mode, zlibLevel: 6 };
}

export function openRepo(repoPath: string): Repo {
  const root = path.resolve(repoPath);
  let text: string;
  try {
    text = readFileSync(path.join(root, 'config'), 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) {
      const what = existsSync(root) ? 'is not an OSTree repository (no config file)' : 'does not exist';
      throw new OssifyError('ERR_OSSIFY_NOT_A_REPO', `${root} ${what}`, {
        hint: 'create one with "ossify repo init --repo DIR", or point --repo at an existing repository',
        subject: root,
        cause: err,
      });
    }
    throw err;
  }
  const kf = parseKeyfile(text, path.join(root, 'config'));
  const version = keyfileGet(kf, 'core', 'repo_version');
  const modeText = keyfileGet(kf, 'core', 'mode') ?? 'bare';
  if (version !== '1') {
    throw new OssifyError('ERR_OSSIFY_REPO_CONFIG', `${root}: unsupported repo_version ${version ?? '(none)'}`, {
      hint: 'only OSTree repository format version 1 exists',
      subject: root,
    });
  }
  let mode: RepoMode;
  if (modeText === 'bare') mode = 'bare';
  else if (modeText === 'archive-z2' || modeText === 'archive') mode = 'archive';
  else {
    throw new OssifyError('ERR_OSSIFY_REPO_CONFIG', `${root}: repository mode "${modeText}" is not supported`, {
      hint: 'ossify reads and writes bare and archive repositories; convert with "ostree pull-local" into one',
      subject: root,
    });
  }
  if (!statSync(path.join(root, 'objects'), { throwIfNoEntry: false })?.isDirectory()) {
    throw new OssifyError('ERR_OSSIFY_NOT_A_REPO', `${root} has a config but no objects/ directory`, {
      hint: 'the repository is damaged or incomplete',
      subject: root,
    });
  }
  const level = Number(keyfileGet(kf, 'core', 'zlib-level') ?? 6);
  for (const d of ['tmp', 'state', 'refs/heads']) mkdirSync(path.join(root, d), { recursive: true });
  return { path: root, mode, zlibLevel: Number.isInteger(level) && level >= 1 && level <= 9 ? level : 6 };
}

/**
 * Runs fn holding the repository lock: shared for work that only adds objects and
 * moves refs (commit), exclusive for work that deletes (prune).
 */
export function withRepoLock<T>(repo: Repo, mode: LockMode, fn: () => Promise<T>): Promise<T> {
  // .lock is the file libostree locks the same way, so ostree and ossify see each other
  return withFileLock(path.join(repo.path, '.lock'), mode, fn, {
    what: `repository ${repo.path}`,
  });
}
