// Commits a directory: a depth-first walk with synchronous fs calls (the fastest
// way to stat 200,000 files from Node: no promise per call, no thread hop),
// writing each content object as it is met and each dirtree once its directory
// is complete. Hardlinked files are read once (cached by inode).
import { lstatSync, openSync, readFileSync, readSync, closeSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { OssifyError } from '../core/errors.js';
import {
  serializeDirMeta,
  serializeDirTree,
  type DirTreeDir,
  type DirTreeFile,
  type FileMeta,
} from '../core/ostree/index.js';
import { sys } from '../fs/native.js';
import { showPath } from '../fs/safe-join.js';
import { CHUNK, SMALL_FILE, storeSmallContent, storeStreamedContent, type ContentWriter } from './content-writer.js';
import { stageMetadata } from './transaction.js';

export interface TreeProgress {
  files: number;
  bytes: number;
}

export interface TreeBuildOptions {
  skipSpecial?: boolean;
  onProgress?: (p: TreeProgress) => void;
}

export interface TreeBuildResult {
  tree: string;
  meta: string;
  files: number;
  bytes: number;
  skippedSpecial: string[];
}

const EMPTY = Buffer.alloc(0);
const SLASH = Buffer.from('/');

export async function writeDirectoryTree(
  w: ContentWriter,
  root: string,
  opts: TreeBuildOptions = {},
): Promise<TreeBuildResult> {
  const st = lstatSync(root);
  if (!st.isDirectory()) {
    throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${root} is not a directory`, { subject: root });
  }
  const state = { files: 0, bytes: 0, skipped: [] as string[], inodes: new Map<number, string>() };
  const progressEvery = 512;

  const visit = async (dir: string | Buffer, dst: Stats): Promise<[string, string]> => {
    const metaCsum = stageMetadata(
      w.txn,
      'dirmeta',
      serializeDirMeta({ uid: dst.uid, gid: dst.gid, mode: dst.mode, xattrs: sys.lreadxattrs(dir) }),
    );
    const files: DirTreeFile[] = [];
    const dirs: DirTreeDir[] = [];
    for (const name of readdirSync(dir, { encoding: 'buffer' })) {
      const p = childPath(dir, name);
      const est = lstatSync(p);
      if (est.isDirectory()) {
        const [t, m] = await visit(p, est);
        dirs.push({ name, treeChecksum: t, metaChecksum: m });
        continue;
      }
      let checksum: string;
      if (est.isFile()) {
        const cached = est.nlink > 1 ? state.inodes.get(est.ino) : undefined;
        if (cached) checksum = cached;
        else {
          checksum = await storeRegular(w, p, est);
          if (est.nlink > 1) state.inodes.set(est.ino, checksum);
        }
        state.bytes += est.size;
      } else if (est.isSymbolicLink()) {
        const target = readlinkSync(p, { encoding: 'buffer' });
        checksum = storeSmallContent(w, metaOf(est, target, p), EMPTY);
      } else {
        if (!opts.skipSpecial) throw specialFile(p, est);
        state.skipped.push(showPath(p));
        continue;
      }
      files.push({ name, checksum });
      if (++state.files % progressEvery === 0) {
        opts.onProgress?.({ files: state.files, bytes: state.bytes });
        if (w.pool) await w.pool.throttle();
      }
    }
    return [stageMetadata(w.txn, 'dirtree', serializeDirTree({ files, dirs })), metaCsum];
  };

  const [tree, meta] = await visit(root, st);
  opts.onProgress?.({ files: state.files, bytes: state.bytes });
  return { tree, meta, files: state.files, bytes: state.bytes, skippedSpecial: state.skipped };
}

/** Text paths while names are UTF-8 (cheaper in every fs call); bytes once a name is not. */
function childPath(dir: string | Buffer, name: Buffer): string | Buffer {
  if (typeof dir === 'string') {
    const s = name.toString('utf8');
    if (Buffer.byteLength(s) === name.length && !s.includes('\ufffd')) return dir + '/' + s;
    return Buffer.concat([Buffer.from(dir), SLASH, name]);
  }
  return Buffer.concat([dir, SLASH, name]);
}

function metaOf(st: Stats, target: Buffer, p: string | Buffer): FileMeta {
  return { uid: st.uid, gid: st.gid, mode: st.mode, symlinkTarget: target, xattrs: sys.lreadxattrs(p) };
}

async function storeRegular(w: ContentWriter, p: string | Buffer, st: Stats): Promise<string> {
  const meta = metaOf(st, EMPTY, p);
  if (st.size <= SMALL_FILE) return storeSmallContent(w, meta, readFileSync(p));
  return storeStreamedContent(w, meta, st.size, readChunks(p), showPath(p));
}

function* readChunks(p: string | Buffer): Generator<Buffer> {
  const fd = openSync(p, 'r');
  try {
    while (true) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function specialFile(p: string | Buffer, st: Stats): OssifyError {
  const kind = st.isFIFO()
    ? 'a fifo'
    : st.isSocket()
      ? 'a socket'
      : st.isCharacterDevice()
        ? 'a character device'
        : 'a block device';
  return new OssifyError('ERR_OSSIFY_SPECIAL_FILE', `${showPath(p)} is ${kind}, which an OS tree cannot hold`, {
    hint: 'remove it from the tree, or pass --skip-special to leave such files out',
    subject: showPath(p),
  });
}

