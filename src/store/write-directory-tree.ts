// Commits a directory. The main thread walks (readdir with file types, lstat and
// xattrs for directories only) and hands every file to the content workers in
// batches; a directory's dirtree is written as soon as its last file and
// subdirectory are done. Nothing per file is kept but its name and checksum, so
// memory grows with the widest directory, not with the tree.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { OssifyError } from '../core/errors.js';
import { serializeDirMeta, serializeDirTree, type DirTreeDir, type DirTreeFile } from '../core/ostree/index.js';
import { sys } from '../fs/native.js';
import { joinName, showPath } from '../fs/safe-join.js';
import { BATCH, type ContentPool } from './content-pool.js';
import type { SpecialKind } from './object-sink.js';
import { stageMetadata, type Transaction } from './transaction.js';

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

interface DirNode {
  parent: DirNode | null;
  name: Buffer;
  meta: string;
  files: DirTreeFile[];
  dirs: DirTreeDir[];
  /** Files and subdirectories not finished yet. */
  waiting: number;
  walked: boolean;
  /** Its dirtree is written; a node reached twice (from a child and from a batch) is finished once. */
  done: boolean;
}

interface Job {
  node: DirNode;
  name: Buffer;
  path: string | Buffer;
}


export async function writeDirectoryTree(
  txn: Transaction,
  pool: ContentPool,
  root: string,
  opts: TreeBuildOptions = {},
): Promise<TreeBuildResult> {
  const st = lstatSync(root);
  if (!st.isDirectory()) {
    throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${root} is not a directory`, { subject: root });
  }
  let files = 0;
  let bytes = 0;
  let failure: unknown;
  let result: [string, string] | undefined;
  const skipped: string[] = [];
  let batch: Job[] = [];

  const finish = (node: DirNode) => {
    for (let n: DirNode | null = node; n && !n.done && n.walked && n.waiting === 0; n = n.parent) {
      n.done = true;
      const tree = stageMetadata(txn, 'dirtree', serializeDirTree({ files: n.files, dirs: n.dirs }));
      if (!n.parent) {
        result = [tree, n.meta];
        return;
      }
      n.parent.dirs.push({ name: n.name, treeChecksum: tree, metaChecksum: n.meta });
      n.parent.waiting--;
    }
  };

  const flush = () => {
    if (batch.length === 0) return;
    const jobs = batch;
    batch = [];
    pool.storePaths(jobs.map((j) => j.path)).then(
      (results) => {
        if (failure !== undefined) return;
        const touched = new Set<DirNode>();
        results.forEach((r, i) => {
          const job = jobs[i];
          if ('special' in r) {
            if (!opts.skipSpecial) failure ??= specialFile(job.path, r.special);
            else skipped.push(showPath(job.path));
          } else if ('checksum' in r) {
            job.node.files.push({ name: job.name, checksum: r.checksum });
            files++;
            bytes += r.size;
          }
          job.node.waiting--;
          touched.add(job.node);
        });
        if (failure === undefined) {
          try {
            touched.forEach(finish);
          } catch (err) {
            failure ??= err;
          }
        }
        opts.onProgress?.({ files, bytes });
      },
      (err) => {
        failure ??= err;
      },
    );
  };

  const walk = async (dir: string | Buffer, dst: Stats, parent: DirNode | null, name: Buffer) => {
    const meta = stageMetadata(
      txn,
      'dirmeta',
      serializeDirMeta({ uid: dst.uid, gid: dst.gid, mode: dst.mode, xattrs: sys.lreadxattrs(dir) }),
    );
    const node: DirNode = { parent, name, meta, files: [], dirs: [], waiting: 0, walked: false, done: false };
    const entries = readdirSync(dir, { encoding: 'buffer', withFileTypes: true });
    node.waiting = entries.length;
    for (const e of entries) {
      if (failure !== undefined) throw failure;
      const p = joinName(dir, e.name);
      if (e.isDirectory()) {
        await walk(p, lstatSync(p), node, e.name);
      } else {
        batch.push({ node, name: e.name, path: p });
        if (batch.length >= BATCH) {
          flush();
          await pool.throttle();
        }
      }
    }
    node.walked = true;
    finish(node);
  };

  await walk(root, st, null, Buffer.alloc(0));
  flush();
  await pool.drain();
  if (failure !== undefined) throw failure;
  if (!result) throw new Error('directory walk ended with unfinished directories');
  opts.onProgress?.({ files, bytes });
  return { tree: result[0], meta: result[1], files, bytes, skippedSpecial: skipped };
}

function specialFile(p: string | Buffer, kind: SpecialKind): OssifyError {
  return new OssifyError('ERR_OSSIFY_SPECIAL_FILE', `${showPath(p)} is a ${kind}, which an OS tree cannot hold`, {
    hint: 'remove it from the tree, or pass --skip-special to leave such files out',
    subject: showPath(p),
  });
}
