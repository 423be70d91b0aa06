// OSTree's object formats, pure (no I/O):
//   checksum.ts        object names, paths, types
//   xattrs.ts          a(ayay) in canonical order
//   file-header.ts     content object headers (checksummed and archive forms)
//   dirmeta.ts         (uuua(ayay))
//   dirtree.ts         (a(say)a(sayay))
//   commit.ts          (a{sv}aya(say)sstayay) and detached metadata
//   metadata-value.ts  JS values <-> metadata variants
//   ref-name.ts        ref validation
export * from './checksum.js';
export * from './xattrs.js';
export * from './file-header.js';
export * from './dirmeta.js';
export * from './dirtree.js';
export * from './commit.js';
export * from './metadata-value.js';
export * from './ref-name.js';
