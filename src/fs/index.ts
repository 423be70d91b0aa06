// File system edges shared by every capability:
//   native.ts        addon: xattrs with byte paths, syncfs, OFD locks, inode flags, batched links
//   safe-join.ts     untrusted relative paths -> checked components
//   atomic-write.ts  temp + rename replacement of whole files
//   temp-name.ts     temp names that identify their (possibly dead) writer
//   file-lock.ts     shared/exclusive OFD locks with a timeout
//   syncfs.ts        one flush per transaction
//   crash-point.ts   named SIGKILL points for crash tests
export * from './native.js';
export * from './safe-join.js';
export * from './atomic-write.js';
export * from './temp-name.js';
export * from './file-lock.js';
export * from './syncfs.js';
export * from './crash-point.js';
