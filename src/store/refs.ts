// Refs: refs/heads/NAME and refs/remotes/REMOTE/NAME, each a file holding a
// commit checksum and a newline. Updates are atomic renames.
import { mkdirSync, readFileSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';
import { assertChecksum, isChecksum, parseRefspec } from '../core/ostree/index.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { hasObject, loadCommit } from './objects.js';
import type { Repo } from './repo.js';

export interface RefEntry {
  ref: string;
  checksum: string;
}

function refFile(repo: Repo, spec: string): string {
  const { remote, ref } = parseRefspec(spec);
  return remote
    ? path.join(repo.path, 'refs', 'remotes', remote, ref)
    : path.join(repo.path, 'refs', 'heads', ref);
}

export function readRef(repo: Repo, spec: string): string | null {
  try {
    const text = readFileSync(refFile(repo, spec), 'utf8').trim();
    return assertChecksum(text, `content of ref ${spec}`);
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR') || isErrno(err, 'EISDIR')) return null;
    throw err;
  }
}

/** Points a ref at a commit, or deletes it when checksum is null. */
export function setRef(repo: Repo, spec: string, checksum: string | null, opts: { fsync?: boolean } = {}): void {
  const file = refFile(repo, spec);
  if (checksum === null) {
    try {
      unlinkSync(file);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) throw refNotFound(spec);
      throw err;
    }
    pruneEmptyParents(path.dirname(file), path.join(repo.path, 'refs'));
    return;
  }
  assertChecksum(checksum);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, checksum + '\n', { fsync: opts.fsync });
}

function pruneEmptyParents(dir: string, stop: string): void {
  while (dir.startsWith(stop + path.sep) && !['heads', 'remotes', 'mirrors'].includes(path.basename(dir))) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

export function listRefs(repo: Repo): RefEntry[] {
  const out: RefEntry[] = [];
  const walk = (dir: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, prefix + e.name + '/');
      else if (e.isFile() && !e.name.startsWith('.')) {
        const text = readFileSync(p, 'utf8').trim();
        if (isChecksum(text)) out.push({ ref: prefix + e.name, checksum: text });
      }
    }
  };
  walk(path.join(repo.path, 'refs', 'heads'), '');
  const remotes = path.join(repo.path, 'refs', 'remotes');
  let names: string[] = [];
  try {
    names = readdirSync(remotes);
  } catch {
    /* no remotes */
  }
  for (const r of names) walk(path.join(remotes, r), r + ':');
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

/**
 * Resolves REF, REMOTE:REF, a full checksum or a unique prefix of one (at least
 * 4 digits), each optionally followed by ^ for each parent step to go back.
 */
export function resolveRev(repo: Repo, rev: string): string {
  const m = /^(.*?)(\^*)$/.exec(rev)!;
  let checksum = resolveBase(repo, m[1]);
  for (let i = 0; i < m[2].length; i++) {
    const parent = loadCommit(repo, checksum).parent;
    if (!parent) {
      throw new OssifyError('ERR_OSSIFY_REF_NOT_FOUND', `${rev}: commit ${checksum} has no parent`, { subject: rev });
    }
    checksum = parent;
  }
  return checksum;
}

function resolveBase(repo: Repo, rev: string): string {
  if (isChecksum(rev)) return rev;
  if (/^[0-9a-f]{4,63}$/.test(rev)) {
    const matches = commitsWithPrefix(repo, rev);
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      throw new OssifyError('ERR_OSSIFY_REF_NOT_FOUND', `checksum prefix ${rev} is ambiguous`, {
        hint: `it matches ${matches.length} commits; give more digits`,
        subject: rev,
      });
    }
  }
  const checksum = readRef(repo, rev);
  if (checksum === null) throw refNotFound(rev);
  return checksum;
}

function commitsWithPrefix(repo: Repo, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(path.join(repo.path, 'objects', prefix.slice(0, 2)));
  } catch {
    return [];
  }
  const rest = prefix.slice(2);
  return names
    .filter((n) => n.endsWith('.commit') && n.startsWith(rest))
    .map((n) => prefix.slice(0, 2) + n.slice(0, -'.commit'.length));
}

export function refNotFound(rev: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_REF_NOT_FOUND', `no ref or commit named "${rev}"`, {
    hint: 'list refs with "ossify repo refs"; a commit can also be named by its checksum',
    subject: rev,
  });
}

export function commitExists(repo: Repo, checksum: string): boolean {
  return hasObject(repo, checksum, 'commit');
}
