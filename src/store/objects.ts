// Reading loose objects: paths, existence, metadata objects parsed into their
// types. Reading does not verify checksums (that is fsck's job), but parsing is
// strict, so a damaged object is an error, never a wrong tree.
import { lstatSync, readFileSync } from 'node:fs';
import { OssifyError, isErrno } from '../core/errors.js';
import {
  objectRelPath,
  parseCommit,
  parseDirMeta,
  parseDirTree,
  type Commit,
  type DirMeta,
  type DirTree,
  type ObjectType,
} from '../core/ostree/index.js';
import type { Repo } from './repo.js';

/** repo.path is absolute and normalised (openRepo resolves it), so plain concatenation is enough: this runs once per file in checkouts. */
export function objectPath(repo: Repo, checksum: string, type: ObjectType): string {
  return `${repo.path}/${objectRelPath(checksum, type, repo.mode === 'archive')}`;
}

export function hasObject(repo: Repo, checksum: string, type: ObjectType): boolean {
  return lstatSync(objectPath(repo, checksum, type), { throwIfNoEntry: false }) !== undefined;
}

export function readObjectBytes(repo: Repo, checksum: string, type: ObjectType): Buffer {
  try {
    return readFileSync(objectPath(repo, checksum, type));
  } catch (err) {
    if (isErrno(err, 'ENOENT')) throw missingObject(checksum, type);
    throw err;
  }
}

export function missingObject(checksum: string, type: ObjectType): OssifyError {
  return new OssifyError('ERR_OSSIFY_OBJECT_MISSING', `${type} object ${checksum} is missing`, {
    hint: 'the repository is incomplete or damaged; "ossify repo fsck" lists every problem',
    subject: checksum,
  });
}

function parsed<T>(checksum: string, type: ObjectType, parse: (b: Buffer) => T, data: Buffer): T {
  try {
    return parse(data);
  } catch (err) {
    throw new OssifyError('ERR_OSSIFY_OBJECT_CORRUPT', `${type} object ${checksum} is corrupted`, {
      hint: 'run "ossify repo fsck" to list damaged objects',
      subject: checksum,
      cause: err,
    });
  }
}

export function loadCommit(repo: Repo, checksum: string): Commit {
  return parsed(checksum, 'commit', parseCommit, readObjectBytes(repo, checksum, 'commit'));
}

export function loadDirTree(repo: Repo, checksum: string): DirTree {
  return parsed(checksum, 'dirtree', parseDirTree, readObjectBytes(repo, checksum, 'dirtree'));
}

export function loadDirMeta(repo: Repo, checksum: string): DirMeta {
  return parsed(checksum, 'dirmeta', parseDirMeta, readObjectBytes(repo, checksum, 'dirmeta'));
}
