// The OSTree repository: objects, refs, commit, checkout, diff, fsck, prune.
//   repo.ts                  init/open, repository lock
//   objects.ts               loose object paths and metadata loading
//   transaction.ts           staging, one syncfs, rename into objects/
//   content-writer.ts        content objects (bare files, archive .filez)
//   compress-pool.ts         worker threads for archive compression
//   write-directory-tree.ts  commit source: a directory
//   write-tar-tree.ts        commit source: a tarball
//   commit-tree.ts           commitTree: tree -> commit -> ref
//   refs.ts                  refs and rev parsing
//   read-commit.ts           readCommit
//   content-reader.ts        content metadata and bytes
//   walk-commit.ts           walkCommit, locate
//   checkout.ts              checkoutCommit
//   diff-commits.ts          diffCommits
//   log-commits.ts           logCommits
//   fsck.ts                  fsckRepo, listObjects
//   prune.ts                 pruneRepo, markReachable
export { initRepo, openRepo, withRepoLock, type Repo, type RepoMode } from './repo.js';
export { hasObject, loadCommit, loadDirMeta, loadDirTree, objectPath, readObjectBytes } from './objects.js';
export { commitTree, type CommitOptions, type CommitResult } from './commit-tree.js';
export { listRefs, readRef, resolveRev, setRef, type RefEntry } from './refs.js';
export { readCommit, type CommitInfo } from './read-commit.js';
export { readContentInfo, openContent, isSymlinkMeta, type ContentInfo } from './content-reader.js';
export { walkCommit, locate, type TreeEntry, type WalkOptions } from './walk-commit.js';
export { checkoutCommit, type CheckoutOptions, type CheckoutResult } from './checkout.js';
export { diffCommits, type TreeDiff } from './diff-commits.js';
export { logCommits, type LogResult } from './log-commits.js';
export { fsckRepo, listObjects, type FsckResult, type FsckProblem } from './fsck.js';
export { pruneRepo, markReachable, type PruneOptions, type PruneResult } from './prune.js';
export { cleanStaleTemp } from './transaction.js';
