// Commits a tarball. Members arrive in archive order, so the tree is gathered in
// memory (names and checksums only; contents are written as they stream past)
// and written bottom-up at the end. Nothing is extracted to disk, so a member
// cannot escape: ".." and absolute paths are refused, and a member that would go
// through a symlink or file it (or an earlier member) created is refused too.
import { OssifyError } from '../core/errors.js';
import {
  S_IFDIR,
  S_IFLNK,
  S_IFREG,
  serializeDirMeta,
  serializeDirTree,
  type DirMeta,
  type FileMeta,
} from '../core/ostree/index.js';
import { readTarEntries, type TarEntry } from '../core/tar/index.js';
import { openTarball } from '../fs/open-tarball.js';
import { splitRelPath } from '../fs/safe-join.js';
import type { ContentPool } from './content-pool.js';
import { SMALL_FILE, contentChecksum, writeStreamedObject } from './object-sink.js';
import { mainThreadSink, stageMetadata, type Transaction } from './transaction.js';
import type { TreeBuildOptions, TreeBuildResult } from './write-directory-tree.js';

interface MDir {
  meta: DirMeta | null;
  /** Keys are names as latin1 strings: byte-exact, and ordered like bytes. */
  files: Map<string, string>;
  dirs: Map<string, MDir>;
}

const DEFAULT_DIR_META: DirMeta = { uid: 0, gid: 0, mode: S_IFDIR | 0o755, xattrs: [] };
const EMPTY = Buffer.alloc(0);

function newDir(): MDir {
  return { meta: null, files: new Map(), dirs: new Map() };
}

export async function writeTarTree(
  txn: Transaction,
  pool: ContentPool,
  tarball: string,
  opts: TreeBuildOptions = {},
): Promise<TreeBuildResult> {
  const root = newDir();
  const sink = mainThreadSink(txn);
  const sent = new Set<string>();
  // Members arrive one by one; hashing happens here, writing (and deflating) in the workers.
  const store = (meta: FileMeta, content: Buffer): string => {
    const checksum = contentChecksum(meta, content);
    if (!sent.has(checksum)) {
      sent.add(checksum);
      pool.write(checksum, meta, content);
    }
    return checksum;
  };
  const byPath = new Map<string, string>(); // member path (latin1) -> checksum, for hardlinks
  const skipped: string[] = [];
  let files = 0;
  let bytes = 0;

  for await (const { entry, content } of readTarEntries(await openTarball(tarball))) {
    const shown = entry.path.toString('utf8');
    const parts = splitRelPath(entry.path, `tar member`);
    if (parts.length === 0) {
      if (entry.type === 'dir') root.meta = dirMeta(entry);
      continue;
    }
    const parent = descend(root, parts.slice(0, -1), shown);
    const name = parts[parts.length - 1].toString('latin1');
    const key = parts.map((p) => p.toString('latin1')).join('/');
    if (entry.type === 'dir') {
      if (parent.files.has(name)) parent.files.delete(name);
      const d = parent.dirs.get(name) ?? newDir();
      d.meta = dirMeta(entry);
      parent.dirs.set(name, d);
      continue;
    }
    let checksum: string;
    if (entry.type === 'file') {
      const meta = fileMeta(entry, S_IFREG, EMPTY);
      if (entry.size <= SMALL_FILE) {
        const chunks: Buffer[] = [];
        for await (const c of content) chunks.push(c);
        checksum = store(meta, Buffer.concat(chunks));
      } else {
        checksum = (await writeStreamedObject(sink, meta, entry.size, content, shown)).checksum;
      }
      bytes += entry.size;
    } else if (entry.type === 'symlink') {
      checksum = store(fileMeta(entry, S_IFLNK, entry.linkTarget ?? EMPTY), EMPTY);
    } else if (entry.type === 'hardlink') {
      const target = splitRelPath(entry.linkTarget ?? EMPTY, 'hardlink target')
        .map((p) => p.toString('latin1'))
        .join('/');
      const found = byPath.get(target);
      if (!found) {
        throw new OssifyError('ERR_OSSIFY_INVALID_TAR', `tar member ${shown} links to ${target}, which is not an earlier file`, {
          hint: 'hardlinks in a tarball must point at a regular file stored before them',
          subject: shown,
        });
      }
      checksum = found;
    } else {
      if (!opts.skipSpecial) {
        throw new OssifyError('ERR_OSSIFY_SPECIAL_FILE', `tar member ${shown} is a ${entry.type} device or fifo, which an OS tree cannot hold`, {
          hint: 'remove it from the tarball, or pass --skip-special to leave such members out',
          subject: shown,
        });
      }
      skipped.push(shown);
      continue;
    }
    if (parent.dirs.has(name)) {
      throw new OssifyError('ERR_OSSIFY_INVALID_TAR', `tar member ${shown} replaces a directory with a file`, {
        hint: 'the tarball has conflicting members for one path',
        subject: shown,
      });
    }
    parent.files.set(name, checksum);
    byPath.set(key, checksum);
    if (++files % 512 === 0) {
      opts.onProgress?.({ files, bytes });
      await pool.throttle();
    }
  }
  await pool.drain();
  const [tree, meta] = writeMDir(txn, root);
  opts.onProgress?.({ files, bytes });
  return { tree, meta, files, bytes, skippedSpecial: skipped };
}

function descend(root: MDir, parts: Buffer[], shown: string): MDir {
  let d = root;
  for (const p of parts) {
    const name = p.toString('latin1');
    if (d.files.has(name)) {
      throw new OssifyError('ERR_OSSIFY_UNSAFE_PATH', `tar member ${shown} goes through a file or symlink`, {
        hint: 'the tarball writes through a symlink or file it created; it was refused and nothing was written outside',
        subject: shown,
      });
    }
    let next = d.dirs.get(name);
    if (!next) {
      next = newDir();
      d.dirs.set(name, next);
    }
    d = next;
  }
  return d;
}

function dirMeta(e: TarEntry): DirMeta {
  return { uid: e.uid, gid: e.gid, mode: S_IFDIR | (e.mode & 0o7777), xattrs: e.xattrs };
}

function fileMeta(e: TarEntry, type: number, target: Buffer): FileMeta {
  return { uid: e.uid, gid: e.gid, mode: type | (e.mode & 0o7777), symlinkTarget: target, xattrs: e.xattrs };
}

function writeMDir(txn: Transaction, d: MDir): [string, string] {
  const meta = stageMetadata(txn, 'dirmeta', serializeDirMeta(d.meta ?? DEFAULT_DIR_META));
  const dirs = [...d.dirs].map(([name, sub]) => {
    const [t, m] = writeMDir(txn, sub);
    return { name: Buffer.from(name, 'latin1'), treeChecksum: t, metaChecksum: m };
  });
  const files = [...d.files].map(([name, checksum]) => ({ name: Buffer.from(name, 'latin1'), checksum }));
  return [stageMetadata(txn, 'dirtree', serializeDirTree({ files, dirs })), meta];
}
