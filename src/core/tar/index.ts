// Tar codec: POSIX pax/ustar, GNU and v7 archives, with binary xattrs kept as bytes.
//   tar-entry.ts             TarEntry, TarEntryType: one member as ossify sees it
//   read-tar-entries.ts      readTarEntries: chunks in, members with streamed content out
//   write-tar.ts             writeTar: members in, pax archive chunks out
//   parse-header.ts          parseHeader: one 512-byte block, checksum verified
//   parse-pax.ts             parsePax: length-prefixed "LEN KEY=VALUE\n" records, binary-safe
//   parse-numeric-field.ts   octal and GNU base-256 numbers
//   encode-entry-headers.ts  encodeEntryHeaders: TarEntry -> [pax 'x' header] + ustar header
//   encode-header.ts         encodeHeader: ustar block layout and checksum
//   encode-pax.ts            encodePaxRecord/encodePax
//   encode-numeric-field.ts  octal with base-256 fallback
//   create-byte-reader.ts    exact-count reads over a chunked stream
//   tar-error.ts             ERR_OSSIFY_INVALID_TAR with member path and offset
// Opening compressed files from disk is I/O and lives in src/fs/open-tarball.ts.
export type { TarEntry, TarEntryType } from './tar-entry.js';
export { readTarEntries, type TarMember } from './read-tar-entries.js';
export { writeTar, type TarWriteItem } from './write-tar.js';
export { parseHeader, BLOCK_SIZE, type TarHeader, type TarHeaderFormat } from './parse-header.js';
export { parsePax, type PaxRecords } from './parse-pax.js';
export { encodeEntryHeaders, splitUstarPath } from './encode-entry-headers.js';
export { encodePax, encodePaxRecord } from './encode-pax.js';
