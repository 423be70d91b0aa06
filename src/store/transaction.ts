// A write transaction. New objects are written into a private staging directory
// (tmp/staging-BOOTID-PID-RAND/XX/REST.EXT); finishing flushes the file system
// once (syncfs) and only then renames each object into objects/, so an object
// visible under its checksum always has durable content. A process killed at
// any point leaves at most a staging directory, which the next transaction of
// any process removes (its boot id or pid shows that its writer is gone).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, lstatSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { objectExtension, type ObjectType } from '../core/ostree/index.js';
import { wrapIoError } from '../core/errors.js';
import { crashPoint } from '../fs/crash-point.js';
import { syncFilesystem } from '../fs/syncfs.js';
import { isStaleTempName, tempName } from '../fs/temp-name.js';
import { objectPath } from './objects.js';
import type { Repo } from './repo.js';
import type { ObjectSink } from './object-sink.js';

export interface Transaction {
  readonly repo: Repo;
  readonly dir: string;
  readonly fsync: boolean;
  /** `${checksum}.${ext}` of every object staged so far. */
  readonly staged: Set<string>;
  /** Prefix directories (XX) already created in staging. */
  readonly prefixes: Set<string>;
  /** Objects written (new) and their bytes on disk, for reports. */
  stats: { objectsWritten: number; bytesWritten: number };
}

export function beginTransaction(repo: Repo, opts: { fsync?: boolean } = {}): Transaction {
  cleanStaleTemp(repo);
  const dir = path.join(repo.path, 'tmp', tempName('staging'));
  mkdirSync(dir, { recursive: true });
  return {
    repo,
    dir,
    fsync: opts.fsync !== false,
    staged: new Set(),
    prefixes: new Set(),
    stats: { objectsWritten: 0, bytesWritten: 0 },
  };
}

/** Removes staging directories and temp files left by dead processes or earlier boots. */
export function cleanStaleTemp(repo: Repo): number {
  const tmp = path.join(repo.path, 'tmp');
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (isStaleTempName(name)) {
      rmSync(path.join(tmp, name), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

function stageKey(checksum: string, type: ObjectType, archive: boolean): string {
  return `${checksum}.${objectExtension(type, archive)}`;
}

/** True when the object is already in the repository or staged in this transaction. */
export function isStored(txn: Transaction, checksum: string, type: ObjectType): boolean {
  if (txn.staged.has(stageKey(checksum, type, txn.repo.mode === 'archive'))) return true;
  return lstatSync(objectPath(txn.repo, checksum, type), { throwIfNoEntry: false }) !== undefined;
}

/** Where an object is written in staging; creates its prefix directory on first use. */
export function stagingPath(txn: Transaction, checksum: string, type: ObjectType): string {
  const prefix = checksum.slice(0, 2);
  const dir = path.join(txn.dir, prefix);
  if (!txn.prefixes.has(prefix)) {
    mkdirSync(dir, { recursive: true });
    txn.prefixes.add(prefix);
  }
  return path.join(dir, stageKey(checksum, type, txn.repo.mode === 'archive').slice(2));
}

export function markStaged(txn: Transaction, checksum: string, type: ObjectType, bytes: number): void {
  txn.staged.add(stageKey(checksum, type, txn.repo.mode === 'archive'));
  txn.stats.objectsWritten++;
  txn.stats.bytesWritten += bytes;
}

/** Hashes and stages a metadata object (dirtree, dirmeta, commit) unless already stored. */
export function stageMetadata(txn: Transaction, type: ObjectType, data: Buffer): string {
  const checksum = createHash('sha256').update(data).digest('hex');
  if (isStored(txn, checksum, type)) return checksum;
  const fd = openSync(stagingPath(txn, checksum, type), 'wx', 0o644);
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  markStaged(txn, checksum, type, data.length);
  return checksum;
}

/** Makes staged objects durable, then moves them into objects/ and drops the staging directory. */
export function finishTransaction(txn: Transaction): void {
  try {
    crashPoint('txn:before-sync');
    if (txn.fsync) syncFilesystem(txn.dir);
    crashPoint('txn:before-rename');
    const objects = path.join(txn.repo.path, 'objects');
    let n = 0;
    for (const prefix of txn.prefixes) {
      const from = path.join(txn.dir, prefix);
      const to = path.join(objects, prefix);
      mkdirSync(to, { recursive: true });
      for (const name of readdirSync(from)) {
        renameSync(path.join(from, name), path.join(to, name));
        if (++n === 1) crashPoint('txn:mid-rename');
      }
    }
    crashPoint('txn:after-rename');
    rmSync(txn.dir, { recursive: true, force: true });
  } catch (err) {
    wrapIoError(err, `finishing a write transaction in ${txn.repo.path}`);
  }
}

/** An ObjectSink for content written on the main thread (large tarball members). */
export function mainThreadSink(txn: Transaction): ObjectSink {
  return {
    repoPath: txn.repo.path,
    archive: txn.repo.mode === 'archive',
    zlibLevel: txn.repo.zlibLevel,
    dir: txn.dir,
    staged: new Set(),
    prefixes: txn.prefixes,
  };
}

export function abortTransaction(txn: Transaction): void {
  rmSync(txn.dir, { recursive: true, force: true });
}
