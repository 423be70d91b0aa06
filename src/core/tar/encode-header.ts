// Encodes one POSIX ustar header block. Deciding what does not fit and must go to
// a pax record is encodeEntryHeaders' job; this only lays out bytes and checksums.
import { BLOCK_SIZE } from './parse-header.js';
import { encodeNumericField } from './encode-numeric-field.js';

export interface UstarFields {
  name: Buffer; // at most 100 bytes
  prefix: Buffer; // at most 155 bytes
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: Buffer; // at most 100 bytes
  uname: string; // at most 32 bytes
  gname: string;
  devMajor: number;
  devMinor: number;
}

export function encodeHeader(fields: UstarFields): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  putBytes(block, 0, 100, fields.name);
  encodeNumericField(block, 100, 8, fields.mode & 0o7777);
  encodeNumericField(block, 108, 8, fields.uid);
  encodeNumericField(block, 116, 8, fields.gid);
  encodeNumericField(block, 124, 12, fields.size);
  encodeNumericField(block, 136, 12, fields.mtime);
  block.write(fields.typeflag, 156, 1, 'latin1');
  putBytes(block, 157, 100, fields.linkname);
  block.write('ustar\x0000', 257, 8, 'latin1');
  putBytes(block, 265, 32, Buffer.from(fields.uname, 'utf8'));
  putBytes(block, 297, 32, Buffer.from(fields.gname, 'utf8'));
  encodeNumericField(block, 329, 8, fields.devMajor);
  encodeNumericField(block, 337, 8, fields.devMinor);
  putBytes(block, 345, 155, fields.prefix);
  // Checksum: sum of all bytes with the field itself taken as spaces, written as
  // six octal digits, NUL, space (the layout GNU tar and POSIX pax produce).
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += block[i];
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return block;
}

function putBytes(block: Buffer, offset: number, width: number, value: Buffer): void {
  if (value.length > width)
    throw new Error(`tar header field of ${width} bytes cannot hold ${value.length} bytes`);
  value.copy(block, offset);
}
