// Directory tree objects: (a(say)a(sayay)), files then subdirectories, each list
// sorted by name in byte order. Names are bytes: OSTree stores them in GVariant
// strings, and ossify writes the bytes as they are so no file name is lost.
import { deserialize, serialize } from '../gvariant/index.js';
import { OssifyError } from '../errors.js';
import { bytesToChecksum, checksumToBytes } from './checksum.js';

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

export function parseDirTree(data: Buffer): DirTree {
  const [files, dirs] = deserialize('(a(ayay)a(ayayay))', data) as [
    Array<[Buffer, Buffer]>,
    Array<[Buffer, Buffer, Buffer]>,
  ];
  return {
    files: files.map(([n, c]) => ({ name: entryName(n), checksum: bytesToChecksum(c) })),
    dirs: dirs.map(([n, t, m]) => ({
      name: entryName(n),
      treeChecksum: bytesToChecksum(t),
      metaChecksum: bytesToChecksum(m),
    })),
  };
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
