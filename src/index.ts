// ossify as a library. Each layer's public surface, bottom up:
//   core      errors, GVariant, OSTree object formats, key files, tar codec (pure)
//   fs        file system edges: xattrs, syncfs, locks, safe paths, crash points
//   store     the OSTree repository: commit, checkout, refs, diff, fsck, prune
//   sysroot   deployments: deploy, rollback, /etc merge, the Host document
//   compose   manifests of Debian packages -> reproducible OS commits
export * from './core/errors.js';
export * as gvariant from './core/gvariant/index.js';
export * as ostree from './core/ostree/index.js';
export * as tar from './core/tar/index.js';
export * from './core/keyfile.js';
export * as fs from './fs/index.js';
export * as store from './store/index.js';
export * as sysroot from './sysroot/index.js';
export * as compose from './compose/index.js';
