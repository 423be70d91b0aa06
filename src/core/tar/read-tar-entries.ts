// Streams the members of a tar archive. Metadata headers ('x' and 'g' pax, GNU
// 'L'/'K' long names) are folded into the member they describe; file content is
// passed through as views of the input chunks, so a multi-GiB member costs one
// chunk of memory. Precedence for every field: pax per-entry > pax global > GNU
// long name > ustar header, as in GNU tar.
import { BLOCK_SIZE, parseHeader, type TarHeader } from './parse-header.js';
import { parsePax } from './parse-pax.js';
import { createByteReader, type ByteReader } from './create-byte-reader.js';
import { tarError } from './tar-error.js';
import type { TarEntry, TarEntryType } from './tar-entry.js';

export interface TarMember {
  entry: TarEntry;
  /** The file's bytes in chunks; skipped by the reader if not drained before the next member. */
  content: AsyncIterable<Buffer>;
}

// A pax header or long name bigger than this is an attack or garbage: Linux caps a
// path at 4 KiB and an xattr value at 64 KiB, so 64 MiB leaves room for any real tree.
const MAX_META_SIZE = 64 * 1024 * 1024;

const SCHILY_XATTR = 'SCHILY.xattr.';

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file', // contiguous file: a plain file everywhere but on Masscomp
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
  D: 'dir', // GNU incremental dumpdir: a directory whose body lists its contents
};

/** Metadata gathered from the headers in front of a member. */
interface Pending {
  pax: Map<string, Buffer>;
  longName: Buffer | null;
  longLink: Buffer | null;
}

export async function* readTarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<TarMember> {
  const reader = createByteReader(source);
  const globals = new Map<string, Buffer>();
  let completed = false;
  try {
    while (true) {
      const member = await readNextHeader(reader, globals);
      if (member === null) break;
      const { header, offset, pending } = member;
      const entry = buildEntry(header, pending, offset);
      // GNU tar skips a body after every header type but a directory; Go and
      // libarchive differ for links, but GNU tar is the oracle we test against.
      const bodySize = header.typeflag === '5' ? 0 : entry.type === 'file' ? entry.size : header.size;
      const body = createBody(reader, bodySize, entry.type === 'file', offset, entry.path);
      yield { entry, content: body.content };
      body.retire();
      const rest = body.remaining() + padding(bodySize);
      if ((await reader.skip(rest)) !== rest) {
        throw tarError('truncated archive: end of input inside member content', { offset, path: entry.path });
      }
    }
    completed = true;
  } finally {
    // A consumer that stops early must not leave a decompressor process running.
    if (!completed) await reader.close();
  }
}

async function readNextHeader(
  reader: ByteReader,
  globals: Map<string, Buffer>,
): Promise<{ header: TarHeader; offset: number; pending: Pending } | null> {
  const pending: Pending = { pax: new Map(), longName: null, longLink: null };
  let metaSeen = false;
  while (true) {
    const offset = reader.offset;
    const block = await reader.read(BLOCK_SIZE);
    if (block.length === 0) {
      // No end-of-archive blocks: a stream cut at a block boundary looks exactly
      // like this, and committing half a tree silently is worse than refusing.
      throw tarError('truncated archive: input ends without the end-of-archive blocks', {
        offset,
        hint: 'the archive was cut short; download or create it again',
      });
    }
    if (block.length < BLOCK_SIZE) {
      throw tarError(`truncated archive: end of input inside a header (${block.length} of 512 bytes)`, {
        offset,
      });
    }
    const header = parseHeader(block, offset);
    if (header === null) {
      if (metaSeen) throw tarError('extended header is not followed by a member', { offset });
      // Read the second zero block and any record padding so that gzip/xz/zstd
      // upstream reach their trailer and check it.
      await reader.drain();
      return null;
    }
    const flag = header.typeflag;
    if (flag !== 'x' && flag !== 'g' && flag !== 'L' && flag !== 'K') {
      return { header, offset, pending: { ...pending, pax: mergePax(globals, pending.pax) } };
    }
    metaSeen = true;
    const data = await readMeta(reader, header, offset);
    if (flag === 'x') {
      for (const [key, value] of parsePax(data, offset, header.name)) pending.pax.set(key, value);
    } else if (flag === 'g') {
      for (const [key, value] of parsePax(data, offset, header.name)) {
        // An empty value in a global header removes the keyword (POSIX).
        if (value.length === 0 && !key.startsWith(SCHILY_XATTR)) globals.delete(key);
        else globals.set(key, value);
      }
    } else {
      // GNU long names are NUL-terminated inside their body.
      const nul = data.indexOf(0);
      const name = Buffer.from(nul === -1 ? data : data.subarray(0, nul));
      if (flag === 'L') pending.longName = name;
      else pending.longLink = name;
    }
  }
}

async function readMeta(reader: ByteReader, header: TarHeader, offset: number): Promise<Buffer> {
  if (header.size > MAX_META_SIZE) {
    throw tarError(`extended header of ${header.size} bytes is larger than the ${MAX_META_SIZE} byte limit`, {
      offset,
      path: header.name,
    });
  }
  const data = await reader.read(header.size);
  const pad = padding(header.size);
  if (data.length !== header.size || (await reader.skip(pad)) !== pad) {
    throw tarError('truncated archive: end of input inside an extended header', {
      offset,
      path: header.name,
    });
  }
  return data;
}

function buildEntry(header: TarHeader, pending: Pending, offset: number): TarEntry {
  const pax = pending.pax;
  const path = nonEmpty(pax.get('path')) ?? pending.longName ?? header.name;

  for (const key of pax.keys()) {
    if (key.startsWith('GNU.sparse.')) throw sparseError(offset, path);
  }
  if (header.typeflag === 'S') throw sparseError(offset, path);

  let type = TYPES[header.typeflag];
  if (type === undefined) {
    // 'M' (multi-volume), 'V' (volume label), 'N' and vendor types: refusing is
    // safer than guessing, since the result becomes an OS tree.
    throw tarError(`unsupported tar entry type '${printable(header.typeflag)}'`, {
      offset,
      path,
      hint: 'ossify reads files, directories, links, devices and fifos; recreate the archive with GNU tar --format=pax',
    });
  }
  // Old archives mark directories only by a trailing slash on a regular-file entry.
  if (type === 'file' && path.length > 0 && path[path.length - 1] === 0x2f) type = 'dir';

  const number = (key: string, fallback: number, pattern = /^[0-9]+$/): number => {
    const raw = nonEmpty(pax.get(key));
    if (raw === undefined) return fallback;
    const text = raw.toString('latin1');
    if (!pattern.test(text)) throw tarError(`invalid pax ${key} ${JSON.stringify(text)}`, { offset, path });
    return Number(text);
  };
  const size = number('size', header.size);
  if (size < 0 || !Number.isSafeInteger(size)) throw tarError(`invalid size ${size}`, { offset, path });

  const xattrs: Array<[string, Buffer]> = [];
  for (const [key, value] of pax) {
    if (key.startsWith(SCHILY_XATTR) && key.length > SCHILY_XATTR.length) {
      xattrs.push([key.slice(SCHILY_XATTR.length), value]);
    }
  }
  const isLink = type === 'symlink' || type === 'hardlink';
  return {
    path,
    type,
    mode: header.mode,
    uid: number('uid', header.uid),
    gid: number('gid', header.gid),
    uname: nonEmpty(pax.get('uname'))?.toString('utf8') ?? header.uname,
    gname: nonEmpty(pax.get('gname'))?.toString('utf8') ?? header.gname,
    size: type === 'file' ? size : 0,
    mtime: number('mtime', header.mtime, /^-?[0-9]+(\.[0-9]+)?$/),
    linkTarget: isLink ? (nonEmpty(pax.get('linkpath')) ?? pending.longLink ?? header.linkname) : null,
    xattrs,
    devMajor: number('SCHILY.devmajor', header.devMajor),
    devMinor: number('SCHILY.devminor', header.devMinor),
  };
}

/** Effective pax keywords for one member: globals, then its own records on top. */
function mergePax(globals: Map<string, Buffer>, own: Map<string, Buffer>): Map<string, Buffer> {
  const merged = new Map(globals);
  for (const [key, value] of own) {
    // An empty value deletes the keyword, so the header field applies again; an
    // empty xattr, though, is a real (empty) attribute and GNU tar writes it so.
    if (value.length === 0 && !key.startsWith(SCHILY_XATTR)) merged.delete(key);
    else merged.set(key, value);
  }
  return merged;
}

function nonEmpty(value: Buffer | undefined): Buffer | undefined {
  return value !== undefined && value.length > 0 ? value : undefined;
}

function padding(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

function printable(flag: string): string {
  const code = flag.charCodeAt(0);
  return code >= 0x20 && code < 0x7f ? flag : `\\x${code.toString(16).padStart(2, '0')}`;
}

function sparseError(offset: number, path: Buffer): Error {
  return tarError('GNU sparse files are not supported', {
    offset,
    path,
    hint: 'recreate the archive without --sparse (-S); ossify stores files densely anyway',
  });
}

interface Body {
  content: AsyncIterable<Buffer>;
  /** Bytes of the body not yet read by the consumer. */
  remaining(): number;
  /** Called when the consumer moves on; later reads of this content are bugs. */
  retire(): void;
}

function createBody(reader: ByteReader, size: number, isFile: boolean, offset: number, path: Buffer): Body {
  let remaining = size;
  let retired = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    // Only a file's bytes are content; the body of a link or dumpdir is skipped.
    if (!isFile) return;
    while (remaining > 0) {
      if (retired) throw new Error('tar entry content read after moving on to the next entry');
      const chunk = await reader.readSome(remaining);
      if (chunk.length === 0) {
        throw tarError(`truncated archive: end of input with ${remaining} bytes of content missing`, {
          offset,
          path,
        });
      }
      remaining -= chunk.length;
      yield chunk;
    }
  }
  return {
    content: { [Symbol.asyncIterator]: chunks },
    remaining: () => remaining,
    retire: () => {
      retired = true;
    },
  };
}
