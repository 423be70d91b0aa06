// `commit`: turns a directory or tarball into a commit, then moves the branch.
// Order of durability: content and dirtrees, then the commit object, one syncfs,
// renames into objects/, then the ref (temp + rename) and a final syncfs. A kill
// before the ref moves leaves the old ref and only unreferenced objects; a kill
// after leaves the new commit complete.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { parseRefspec, serializeCommit, toVariant, type Metadata } from '../core/ostree/index.js';
import { crashPoint } from '../fs/crash-point.js';
import { syncFilesystem } from '../fs/syncfs.js';
import { createContentPool } from './content-pool.js';
import { readRef, resolveRev, setRef } from './refs.js';
import { withRepoLock, type Repo } from './repo.js';
import { abortTransaction, beginTransaction, finishTransaction, stageMetadata } from './transaction.js';
import { writeDirectoryTree, type TreeProgress } from './write-directory-tree.js';
import { writeTarTree } from './write-tar-tree.js';

export interface CommitOptions {
  /** Branch to move to the new commit; omitted means an orphan commit. */
  branch?: string;
  /** A directory, or a tarball (plain, gzip, xz or zstd). */
  tree: string;
  subject?: string;
  body?: string;
  /** undefined: the branch's current commit; null: no parent; else a rev. */
  parent?: string | null;
  /** Extra metadata in order; plain values are typed by toVariant(). */
  metadata?: Array<[string, unknown]>;
  timestamp?: Date;
  skipSpecial?: boolean;
  /** false skips the syncfs calls (faster, not durable across power loss). */
  fsync?: boolean;
  /** Record the branch in ostree.ref-binding, as `ostree commit` does (default true). */
  bindRef?: boolean;
  onProgress?: (p: TreeProgress) => void;
}

export interface CommitResult {
  checksum: string;
  branch: string | null;
  parent: string | null;
  files: number;
  bytes: number;
  objectsWritten: number;
  skippedSpecial: string[];
}

export async function commitTree(repo: Repo, opts: CommitOptions): Promise<CommitResult> {
  if (opts.branch !== undefined) parseRefspec(opts.branch);
  const source = path.resolve(opts.tree);
  const st = lstatSync(source, { throwIfNoEntry: false });
  if (!st) {
    throw new OssifyError('ERR_OSSIFY_NOT_FOUND', `tree ${source} does not exist`, {
      hint: 'pass a directory or a tarball (.tar, .tar.gz, .tar.xz, .tar.zst) with --tree',
      subject: source,
    });
  }
  if (!st.isDirectory() && !st.isFile()) {
    throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `tree ${source} is neither a directory nor a tarball`, {
      subject: source,
    });
  }
  const parent = resolveParent(repo, opts);
  const timestamp = Math.floor((opts.timestamp?.getTime() ?? Date.now()) / 1000);
  const metadata: Metadata = (opts.metadata ?? []).map(([k, v]) => [k, toVariant(v)]);
  if (opts.branch !== undefined && opts.bindRef !== false) {
    metadata.push(['ostree.ref-binding', { type: 'as', value: [opts.branch] }]);
  }

  return withRepoLock(repo, 'shared', async () => {
    const txn = beginTransaction(repo, { fsync: opts.fsync });
    const pool = await createContentPool(txn);
    let closed = false;
    try {
      const build = { skipSpecial: opts.skipSpecial, onProgress: opts.onProgress };
      const root = st.isDirectory()
        ? await writeDirectoryTree(txn, pool, source, build)
        : await writeTarTree(txn, pool, source, build);
      closed = true;
      await pool.close();
      txn.stats.objectsWritten += pool.objectsWritten;
      crashPoint('commit:after-content');
      const checksum = stageMetadata(
        txn,
        'commit',
        serializeCommit({
          metadata,
          parent,
          subject: opts.subject ?? '',
          body: opts.body ?? '',
          timestamp,
          rootTree: root.tree,
          rootMeta: root.meta,
        }),
      );
      finishTransaction(txn);
      crashPoint('commit:before-ref');
      if (opts.branch !== undefined) setRef(repo, opts.branch, checksum);
      if (txn.fsync) syncFilesystem(repo.path);
      crashPoint('commit:after-ref');
      return {
        checksum,
        branch: opts.branch ?? null,
        parent,
        files: root.files,
        bytes: root.bytes,
        objectsWritten: txn.stats.objectsWritten,
        skippedSpecial: root.skippedSpecial,
      };
    } catch (err) {
      if (!closed) await pool.close().catch(() => undefined);
      abortTransaction(txn);
      throw err;
    }
  });
}

function resolveParent(repo: Repo, opts: CommitOptions): string | null {
  if (opts.parent === null || opts.parent === 'none') return null;
  if (opts.parent !== undefined) return resolveRev(repo, opts.parent);
  return opts.branch !== undefined ? readRef(repo, opts.branch) : null;
}
