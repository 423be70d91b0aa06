// One path of an /etc tree as the merge sees it, and the comparisons it needs.
// Content and metadata compare separately: a chmod is a change, but it merges
// field by field with a content change on the other side.
export type EtcEntryType = 'file' | 'dir' | 'symlink' | 'special';

export interface EtcMeta {
  /** Permission bits (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Canonical form of the extended attributes: sorted "name=hex" joined by ",". */
  xattrs: string;
}

export interface EtcEntry extends EtcMeta {
  type: EtcEntryType;
  /** SHA-256 of a regular file's content. */
  digest?: string;
  /** A symlink's target. */
  target?: string;
  size?: number;
  /** A regular file small enough and free of NUL bytes: merged line by line. */
  text?: boolean;
}

/** Relative path (no leading slash) -> entry. */
export type EtcSnapshot = Map<string, EtcEntry>;

export function contentEqual(a: EtcEntry | undefined, b: EtcEntry | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.type !== b.type) return false;
  if (a.type === 'file') return a.digest === b.digest;
  if (a.type === 'symlink') return a.target === b.target;
  return true;
}

export function metaEqual(a: EtcMeta, b: EtcMeta): boolean {
  return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.xattrs === b.xattrs;
}

export function entryEqual(a: EtcEntry | undefined, b: EtcEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return contentEqual(a, b) && (a.type === 'symlink' || metaEqual(a, b));
}

/** Three-way merge of each metadata field: a field changed locally keeps its local value. */
export function mergeMeta(base: EtcMeta | undefined, local: EtcMeta, upstream: EtcMeta): EtcMeta {
  const pick = <K extends keyof EtcMeta>(k: K): EtcMeta[K] =>
    base && local[k] === base[k] ? upstream[k] : local[k];
  return { mode: pick('mode'), uid: pick('uid'), gid: pick('gid'), xattrs: pick('xattrs') };
}

/** Orders paths so that every parent comes before its children. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

export function parentOf(p: string): string | null {
  const i = p.lastIndexOf('/');
  return i < 0 ? null : p.slice(0, i);
}
