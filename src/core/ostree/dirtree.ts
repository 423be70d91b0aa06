// Directory tree objects: (a(say)a(sayay)), files then subdirectories, each list
// sorted by name in byte order. Names are bytes: OSTree stores them in GVariant
// strings, and ossify writes the bytes as they are so no file name is lost.
import { serialize } from '../gvariant/index.js';
import { OssifyError } from '../errors.js';
import { checksumToBytes } from './checksum.js';

export interface DirTreeFile {
  name: Buffer;
  checksum: string;
}

export interface DirTreeDir {
  name: Buffer;
  treeChecksum: string;
  metaChecksum: string;
}

export interface DirTree {
  files: DirTreeFile[];
  dirs: DirTreeDir[];
}

const NUL = Buffer.alloc(1);

/** Serialises a dirtree; entries are sorted here so callers may add them in any order. */
export function serializeDirTree(tree: DirTree): Buffer {
  const files = [...tree.files].sort((a, b) => Buffer.compare(a.name, b.name));
  const dirs = [...tree.dirs].sort((a, b) => Buffer.compare(a.name, b.name));
  return serialize('(a(ayay)a(ayayay))', [
    files.map((f) => [Buffer.concat([f.name, NUL]), checksumToBytes(f.checksum)]),
    dirs.map((d) => [Buffer.concat([d.name, NUL]), checksumToBytes(d.treeChecksum), checksumToBytes(d.metaChecksum)]),
  ]);
}

/**
 * Parses a dirtree. Laid out by hand for (a(ayay)a(ayayay)) rather than through
 * the generic decoder: checkouts and fsck parse one per directory, and the
 * generic path's nested arrays and copied buffers were a third of a checkout's
 * time in garbage collection. Names are views into `data`.
 */
export function parseDirTree(data: Buffer): DirTree {
  const len = data.length;
  const top = offsetSizeOf(len);
  if (len < top) throw corruptTree('too short');
  const filesEnd = readOffset(data, len - top, top);
  if (filesEnd > len - top) throw corruptTree('files array out of bounds');
  const files: DirTreeFile[] = [];
  for (const [start, end] of elements(data, 0, filesEnd, 1)) {
    const [nameEnd] = tupleOffsets(data, start, end, 1);
    const o = offsetSizeOf(end - start);
    if (end - o - nameEnd !== 32) throw corruptTree('file checksum is not 32 bytes');
    files.push({ name: entryName(data.subarray(start, nameEnd)), checksum: data.toString('hex', nameEnd, nameEnd + 32) });
  }
  const dirs: DirTreeDir[] = [];
  // the dirs array starts at the next 1-aligned position after the files array
  for (const [start, end] of elements(data, filesEnd, len - top, 1)) {
    const [nameEnd, treeEnd] = tupleOffsets(data, start, end, 2);
    const o = offsetSizeOf(end - start);
    if (treeEnd - nameEnd !== 32 || end - 2 * o - treeEnd !== 32) throw corruptTree('directory checksums are not 32 bytes');
    dirs.push({
      name: entryName(data.subarray(start, nameEnd)),
      treeChecksum: data.toString('hex', nameEnd, treeEnd),
      metaChecksum: data.toString('hex', treeEnd, treeEnd + 32),
    });
  }
  return { files, dirs };
}

/** [start, end) of each element of a variable-size array occupying data[from, to). */
function elements(data: Buffer, from: number, to: number, align: number): Array<[number, number]> {
  const size = to - from;
  if (size === 0) return [];
  const o = offsetSizeOf(size);
  const lastEnd = readOffset(data, to - o, o);
  if (lastEnd > size || (size - lastEnd) % o !== 0) throw corruptTree('bad array framing');
  const n = (size - lastEnd) / o;
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = readOffset(data, from + lastEnd + i * o, o);
    start = (start + align - 1) & ~(align - 1);
    if (end < start || end > lastEnd) throw corruptTree('array element out of bounds');
    out.push([from + start, from + end]);
    start = end;
  }
  return out;
}

/** Absolute end positions of the first `count` members of a tuple at data[start, end). */
function tupleOffsets(data: Buffer, start: number, end: number, count: number): number[] {
  const o = offsetSizeOf(end - start);
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const rel = readOffset(data, end - i * o, o);
    if (rel > end - start - count * o) throw corruptTree('tuple member out of bounds');
    out.push(start + rel);
  }
  return out;
}

function offsetSizeOf(total: number): number {
  if (total > 0xffffffff) return 8;
  if (total > 0xffff) return 4;
  if (total > 0xff) return 2;
  return total > 0 ? 1 : 0;
}

function readOffset(b: Buffer, at: number, size: number): number {
  if (size === 0 || at < 0 || at + size > b.length) throw corruptTree('framing offset out of bounds');
  if (size === 1) return b[at];
  if (size === 2) return b.readUInt16LE(at);
  if (size === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

function corruptTree(what: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_INVALID_GVARIANT', `malformed dirtree: ${what}`, {
    hint: 'the object is corrupted; run "ossify repo fsck" to list damaged objects',
  });
}

/** A name from a dirtree: NUL-terminated, not empty, not . or .., no slash. */
function entryName(n: Buffer): Buffer {
  if (n.length < 2 || n[n.length - 1] !== 0) throw badName(n);
  const name = n.subarray(0, n.length - 1);
  if (name.includes(0x2f) || name.includes(0) || isDotName(name)) throw badName(name);
  return name;
}

export function isDotName(name: Buffer): boolean {
  return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}

function badName(n: Buffer): OssifyError {
  return new OssifyError('ERR_OSSIFY_OBJECT_CORRUPT', `invalid file name in dirtree: ${JSON.stringify(n.toString('latin1'))}`, {
    hint: 'the dirtree object is corrupted or hostile; run "ossify repo fsck"',
  });
}
