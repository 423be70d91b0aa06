// The slice of the store the sysroot uses, in one place, so the sysroot's
// dependency on the repository stays visible and narrow.
export {
  initRepo,
  openRepo,
  resolveRev,
  readCommit,
  listRefs,
  setRef,
  checkoutCommit,
  pruneRepo,
  walkCommit,
  type Repo,
  type RepoMode,
  type CommitInfo,
  type TreeEntry,
} from '../store/index.js';
