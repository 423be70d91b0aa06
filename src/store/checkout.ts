// `checkout`: materialises a commit (or a subpath of it) as a directory tree.
// From a bare repository files are hardlinked to their objects, which already
// carry the right owner, mode and xattrs; with --copy, or from an archive
// repository, files are written and their metadata set. The tree is built under
// a temporary sibling name and renamed into place at the end, so DEST either
// does not exist or is complete; leftovers of a killed checkout are removed by
// the next checkout into the same parent.
import {
  chownSync,
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fchmodSync,
  fchownSync,
  ftruncateSync,
  lchownSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,

  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { OssifyError, isErrno, wrapIoError } from '../core/errors.js';
import type { DirMeta, FileMeta } from '../core/ostree/index.js';
import { crashPoint } from '../fs/crash-point.js';
import { joinName } from '../fs/safe-join.js';
import { EMLINK, ENOENT, sys } from '../fs/native.js';
import { isStaleTempName, tempName } from '../fs/temp-name.js';
import { isSymlinkMeta, openContent, readContentInfo, type ContentInfo } from './content-reader.js';
import { loadCommit, loadDirMeta, loadDirTree, missingObject, objectPath } from './objects.js';
import { resolveRev } from './refs.js';
import type { Repo } from './repo.js';
import { locate } from './walk-commit.js';

export interface CheckoutOptions {
  subpath?: string;
  /** Copy files instead of hardlinking (always the case from archive repositories). */
  copy?: boolean;
  onProgress?: (p: { files: number; bytes: number }) => void;
}

export interface CheckoutResult {
  checksum: string;
  dest: string;
  files: number;
  dirs: number;
  bytes: number;
}

const CHUNK = 1024 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

export async function checkoutCommit(
  repo: Repo,
  rev: string,
  destPath: string,
  opts: CheckoutOptions = {},
): Promise<CheckoutResult> {
  const checksum = resolveRev(repo, rev);
  const commit = loadCommit(repo, checksum);
  const dest = path.resolve(destPath);
  const parent = path.dirname(dest);
  if (existsSync(dest)) {
    throw new OssifyError('ERR_OSSIFY_EXISTS', `checkout destination ${dest} already exists`, {
      hint: 'choose a new path; ossify never writes into an existing tree',
      subject: dest,
    });
  }
  if (!existsSync(parent)) {
    throw new OssifyError('ERR_OSSIFY_NOT_FOUND', `parent directory ${parent} does not exist`, { subject: parent });
  }
  cleanStaleCheckouts(parent, path.basename(dest));
  const tmp = path.join(parent, tempName(`.${path.basename(dest)}.checkout`));
  const start = locate(repo, commit.rootTree, commit.rootMeta, opts.subpath ?? '/');
  const state: State = { files: 0, dirs: 0, bytes: 0, copy: opts.copy === true || repo.mode === 'archive', dirmetas: new Map() };
  const report = () => opts.onProgress?.({ files: state.files, bytes: state.bytes });
  const batch = newLinkBatch();
  try {
    if (start.kind === 'file') {
      await placeFile(repo, start.checksum, tmp, state);
    } else {
      await placeDir(repo, start.tree, start.meta, tmp, state, report, batch);
    }
    crashPoint('checkout:before-rename');
    renameSync(tmp, dest);
  } catch (err) {
    await waitLinks(batch, true); // links still in flight land before the tree is removed
    rmSync(tmp, { recursive: true, force: true });
    wrapIoError(err, `checking out ${checksum.slice(0, 12)} to ${dest}`);
  }
  report();
  return { checksum, dest, files: state.files, dirs: state.dirs, bytes: state.bytes };
}

function cleanStaleCheckouts(parent: string, base: string): void {
  const prefix = `.${base}.checkout-`;
  for (const name of readdirSync(parent)) {
    if (name.startsWith(prefix) && isStaleTempName(name)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

interface State {
  files: number;
  dirs: number;
  bytes: number;
  copy: boolean;
  dirmetas: Map<string, DirMeta>;
}

/**
 * Hardlinks are collected and made in batches by one native call on a thread of
 * the libuv pool (sys.linkmanyAsync): about 5 µs a link instead of ~20 µs for a
 * promise per file, and the main thread keeps creating directories and parsing
 * dirtrees meanwhile. Directories are created as the walk meets them, so every
 * batch links into directories that exist. At most LINK_JOBS batches are queued.
 */
const LINK_BATCH = 1024;
const LINK_JOBS = 2;

interface LinkBatch {
  from: string[];
  to: Array<string | Buffer>;
  checksums: string[];
  jobs: Array<Promise<void>>;
}

function newLinkBatch(): LinkBatch {
  return { from: [], to: [], checksums: [], jobs: [] };
}

async function flushLinks(repo: Repo, batch: LinkBatch, state: State): Promise<void> {
  if (batch.from.length > 0) {
    const { from, to, checksums } = batch;
    batch.from = [];
    batch.to = [];
    batch.checksums = [];
    const job = sys.linkmanyAsync(from, to).then((codes) => settleLinks(repo, codes, from, to, checksums, state));
    job.catch(() => undefined); // awaited below or by waitLinks()
    batch.jobs.push(job);
  }
  while (batch.jobs.length > LINK_JOBS) await batch.jobs.shift();
}

/** Waits for every queued batch; with `quiet`, failures are swallowed (cleanup after an error). */
async function waitLinks(batch: LinkBatch, quiet = false): Promise<void> {
  while (batch.jobs.length > 0) {
    const job = batch.jobs.shift()!;
    if (quiet) await job.catch(() => undefined);
    else await job;
  }
}

async function settleLinks(
  repo: Repo,
  codes: Int32Array,
  from: string[],
  to: Array<string | Buffer>,
  checksums: string[],
  state: State,
): Promise<void> {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code === 0) continue;
    if (code === ENOENT && !existsSync(from[i])) throw missingObject(checksums[i], 'file');
    // A popular empty file can reach the file system's link limit (65,000 on ext4).
    if (code === EMLINK) await copyInstead(repo, checksums[i], to[i], state);
    else throw Object.assign(new Error(`link ${from[i]} -> ${String(to[i])}: errno ${code}`), { code: `E${code}` });
  }
}

async function placeDir(
  repo: Repo,
  tree: string,
  meta: string,
  dir: string | Buffer,
  state: State,
  report: () => void,
  batch: LinkBatch,
  top = true,
): Promise<void> {
  const dm = loadDirMetaCached(repo, meta, state);
  mkdirSync(dir, 0o700);
  state.dirs++;
  const dt = loadDirTree(repo, tree);
  for (const f of dt.files) {
    const dest = joinName(dir, f.name);
    if (state.copy) await placeFile(repo, f.checksum, dest, state);
    else {
      state.files++;
      batch.from.push(objectPath(repo, f.checksum, 'file'));
      batch.to.push(dest);
      batch.checksums.push(f.checksum);
      if (batch.from.length >= LINK_BATCH) await flushLinks(repo, batch, state);
    }
    if (state.files % 1024 === 0) report();
  }
  for (const d of dt.dirs) {
    await placeDir(repo, d.treeChecksum, d.metaChecksum, joinName(dir, d.name), state, report, batch, false);
  }
  // Root writes into a directory whatever its mode; anyone else must let the links land first.
  if (top || process.getuid?.() !== 0) {
    await flushLinks(repo, batch, state);
    await waitLinks(batch);
  }
  // Metadata after the subtree is filled (a read-only directory must be written
  // first); chown before chmod keeps setgid. Root-owned directories skip the chown.
  if (dm.uid !== 0 || dm.gid !== 0 || process.getuid?.() !== 0) chownSync(dir, dm.uid, dm.gid);
  chmodSync(dir, dm.mode & 0o7777);
  for (const [name, value] of dm.xattrs) sys.lsetxattr(dir, name, value);
}

/** Most directories of a tree share a handful of dirmeta objects. */
function loadDirMetaCached(repo: Repo, checksum: string, state: State): DirMeta {
  let dm = state.dirmetas.get(checksum);
  if (!dm) {
    dm = loadDirMeta(repo, checksum);
    state.dirmetas.set(checksum, dm);
  }
  return dm;
}

/** A file that can take no more hardlinks (EMLINK) is copied instead. */
async function copyInstead(repo: Repo, checksum: string, dest: string | Buffer, state: State): Promise<void> {
  const wasCopy = state.copy;
  state.copy = true;
  state.files--;
  try {
    await placeFile(repo, checksum, dest, state);
  } finally {
    state.copy = wasCopy;
  }
}

async function placeFile(repo: Repo, checksum: string, dest: string | Buffer, state: State): Promise<void> {
  state.files++;
  if (!state.copy) {
    try {
      linkSync(objectPath(repo, checksum, 'file'), dest);
      return;
    } catch (err) {
      // A popular empty file can reach the file system's link limit (65,000 on ext4).
      if (!isErrno(err, 'EMLINK')) {
        if (isErrno(err, 'ENOENT')) readContentInfo(repo, checksum); // throws "object missing"
        throw err;
      }
    }
  }
  const info = readContentInfo(repo, checksum);
  state.bytes += info.size;
  if (isSymlinkMeta(info.meta)) {
    symlinkSync(info.meta.symlinkTarget, dest);
    lchownSync(dest, info.meta.uid, info.meta.gid);
  } else if (repo.mode === 'bare') {
    if (info.size <= CHUNK) copyFileSync(info.path, dest);
    else await writeSparse(dest, openContent(repo, info));
    setOwnerAndMode(dest, info.meta);
  } else if (info.size <= CHUNK) {
    const raw = readFileSync(info.path);
    const body = info.size === 0 ? Buffer.alloc(0) : inflateRawSync(raw.subarray(info.bodyOffset));
    checkSize(checksum, info, body.length);
    const fd = openSync(dest, 'wx', 0o600);
    try {
      writeSync(fd, body);
    } finally {
      closeSync(fd);
    }
    setOwnerAndMode(dest, info.meta);
  } else {
    const n = await writeSparse(dest, openContent(repo, info));
    checkSize(checksum, info, n);
    setOwnerAndMode(dest, info.meta);
  }
  for (const [name, value] of info.meta.xattrs) sys.lsetxattr(dest, name, value);
}

function checkSize(checksum: string, info: ContentInfo, got: number): void {
  if (got !== info.size) {
    throw new OssifyError('ERR_OSSIFY_OBJECT_CORRUPT', `content object ${checksum} is truncated (${got} of ${info.size} bytes)`, {
      hint: 'run "ossify repo fsck" to list damaged objects',
      subject: checksum,
    });
  }
}

function setOwnerAndMode(dest: string | Buffer, meta: FileMeta): void {
  const fd = openSync(dest, 'r');
  try {
    fchownSync(fd, meta.uid, meta.gid);
    fchmodSync(fd, meta.mode & 0o7777);
  } finally {
    closeSync(fd);
  }
}

/** Writes a stream to a new file, leaving holes for all-zero chunks; returns the byte count. */
async function writeSparse(dest: string | Buffer, chunks: AsyncIterable<Buffer>): Promise<number> {
  const fd = openSync(dest, 'wx', 0o600);
  let pos = 0;
  try {
    for await (const chunk of chunks) {
      const zero = chunk.length <= CHUNK && chunk.equals(ZEROS.subarray(0, chunk.length));
      if (!zero) writeSync(fd, chunk, 0, chunk.length, pos);
      pos += chunk.length;
    }
    ftruncateSync(fd, pos);
  } finally {
    closeSync(fd);
  }
  return pos;
}

