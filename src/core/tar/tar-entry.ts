// The shape of one archive member as the rest of ossify sees it. Paths and link
// targets stay raw bytes because Linux file names are bytes, not text: a tree
// committed from a tarball must keep a name with a non-UTF-8 byte exactly.

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarEntry {
  /** Raw bytes as stored (pax path > GNU longname > prefix/name); no normalisation. */
  path: Buffer;
  type: TarEntryType;
  /** Permission bits including setuid/setgid/sticky (0o7777 mask). */
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Content bytes; 0 for everything that is not a file. */
  size: number;
  /** Seconds since the epoch; pax mtime may be fractional. */
  mtime: number;
  /** Symlink target or hardlink target path; null for other types. */
  linkTarget: Buffer | null;
  /** From pax SCHILY.xattr.NAME, values as raw bytes, in archive order. */
  xattrs: Array<[string, Buffer]>;
  devMajor: number;
  devMinor: number;
}
