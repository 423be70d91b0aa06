// Directory metadata objects: (uuua(ayay)) with big-endian uid, gid and mode.
import { deserialize, serialize } from '../gvariant/index.js';
import { bswap32 } from './file-header.js';
import { canonicalXattrs, xattrsFromGVariant, xattrsToGVariant, type Xattrs } from './xattrs.js';

export interface DirMeta {
  uid: number;
  gid: number;
  /** Full st_mode including S_IFDIR. */
  mode: number;
  xattrs: Xattrs;
}

export function serializeDirMeta(meta: DirMeta): Buffer {
  return serialize('(uuua(ayay))', [
    bswap32(meta.uid),
    bswap32(meta.gid),
    bswap32(meta.mode),
    xattrsToGVariant(canonicalXattrs(meta.xattrs)),
  ]);
}

export function parseDirMeta(data: Buffer): DirMeta {
  const [uid, gid, mode, xattrs] = deserialize('(uuua(ayay))', data) as [
    number,
    number,
    number,
    Array<[Buffer, Buffer]>,
  ];
  return { uid: bswap32(uid), gid: bswap32(gid), mode: bswap32(mode), xattrs: xattrsFromGVariant(xattrs) };
}
