// Turns a TarEntry into its header blocks: a ustar header, preceded by a pax 'x'
// header whenever a value does not fit ustar exactly (long or non-ASCII names,
// big ids or sizes, fractional or negative times) and for every xattr, which only
// pax can carry. Values that go to pax also get a best-effort header field so a
// reader without pax support sees something close.
import { isUtf8 } from 'node:buffer';
import { BLOCK_SIZE } from './parse-header.js';
import { encodeHeader } from './encode-header.js';
import { encodePax } from './encode-pax.js';
import { maxOctal } from './encode-numeric-field.js';
import type { TarEntry, TarEntryType } from './tar-entry.js';

const TYPEFLAGS: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
};

const EMPTY = Buffer.alloc(0);

export function encodeEntryHeaders(entry: TarEntry): Buffer {
  checkEntry(entry);
  const pax: Array<[string, Buffer]> = [];
  const text = (key: string, value: string | number): void => {
    pax.push([key, Buffer.from(String(value), 'utf8')]);
  };

  // Non-ASCII UTF-8 names go to pax, whose values are defined as UTF-8. A name that
  // is not UTF-8 at all stays raw in the ustar fields when it fits, as GNU tar does:
  // ustar names are plain bytes to every reader, and GNU tar 1.34 warns about the
  // hdrcharset keyword that pax would need.
  const split = isAscii(entry.path) || !isUtf8(entry.path) ? splitUstarPath(entry.path) : null;
  if (split === null) pax.push(['path', entry.path]);

  let linkname: Buffer = EMPTY;
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    const target = entry.linkTarget as Buffer;
    if ((isAscii(target) || !isUtf8(target)) && target.length <= 100) linkname = target;
    else {
      pax.push(['linkpath', target]);
      linkname = target.subarray(0, 100);
    }
  }
  // Pax says paths are UTF-8; a Linux name need not be. hdrcharset=BINARY tells
  // libarchive to take the bytes as they are; GNU tar keeps them raw anyway.
  if (pax.some(([key, value]) => (key === 'path' || key === 'linkpath') && !isUtf8(value))) {
    pax.push(['hdrcharset', Buffer.from('BINARY')]);
  }

  const size = entry.type === 'file' ? entry.size : 0;
  if (size > maxOctal(12)) text('size', size);
  if (entry.uid > maxOctal(8)) text('uid', entry.uid);
  if (entry.gid > maxOctal(8)) text('gid', entry.gid);
  const uname = fitsName(entry.uname) ? entry.uname : '';
  const gname = fitsName(entry.gname) ? entry.gname : '';
  if (uname !== entry.uname) text('uname', entry.uname);
  if (gname !== entry.gname) text('gname', entry.gname);
  const wholeMtime = Math.min(Math.max(Math.floor(entry.mtime), 0), maxOctal(12));
  if (wholeMtime !== entry.mtime) text('mtime', formatTime(entry.mtime));

  for (const [name, value] of entry.xattrs) {
    // The key ends at the first '='; a name holding one could not be read back.
    if (name.length === 0 || /[=\n\0]/.test(name))
      throw new Error(`xattr name ${JSON.stringify(name)} cannot be stored in pax`);
    pax.push([`SCHILY.xattr.${name}`, value]);
  }

  const header = encodeHeader({
    name: split ? split.name : entry.path.subarray(0, 100),
    prefix: split ? split.prefix : EMPTY,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size,
    mtime: wholeMtime,
    typeflag: TYPEFLAGS[entry.type],
    linkname,
    uname,
    gname,
    devMajor: entry.devMajor,
    devMinor: entry.devMinor,
  });
  if (pax.length === 0) return header;

  const data = encodePax(pax);
  const paxHeader = encodeHeader({
    name: paxHeaderName(entry.path),
    prefix: EMPTY,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: data.length,
    mtime: wholeMtime,
    typeflag: 'x',
    linkname: EMPTY,
    uname: '',
    gname: '',
    devMajor: 0,
    devMinor: 0,
  });
  const pad = Buffer.alloc((BLOCK_SIZE - (data.length % BLOCK_SIZE)) % BLOCK_SIZE);
  return Buffer.concat([paxHeader, data, pad, header]);
}

/** Splits a path into ustar prefix (<= 155) and name (<= 100) at a '/', or null. */
export function splitUstarPath(path: Buffer): { prefix: Buffer; name: Buffer } | null {
  if (path.length <= 100) return { prefix: EMPTY, name: path };
  if (path.length > 256) return null;
  // The name must be non-empty and at most 100 bytes, so the slash sits in the last 101.
  for (let i = path.length - 101; i < path.length - 1; i++) {
    if (i > 155) break;
    if (i >= 1 && path[i] === 0x2f) return { prefix: path.subarray(0, i), name: path.subarray(i + 1) };
  }
  return null;
}

function checkEntry(entry: TarEntry): void {
  const ints: Array<[string, number]> = [
    ['size', entry.size],
    ['mode', entry.mode],
    ['uid', entry.uid],
    ['gid', entry.gid],
    ['devMajor', entry.devMajor],
    ['devMinor', entry.devMinor],
  ];
  for (const [field, value] of ints) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`tar entry ${field} must be a non-negative integer, got ${value}`);
  }
  if (!Number.isFinite(entry.mtime)) throw new Error(`tar entry mtime must be finite, got ${entry.mtime}`);
  if (entry.path.length === 0) throw new Error('tar entry path must not be empty');
  if (entry.path.includes(0)) throw new Error('tar entry path must not contain NUL');
  if ((entry.type === 'symlink' || entry.type === 'hardlink') && !entry.linkTarget) {
    throw new Error(`tar ${entry.type} entry needs a linkTarget`);
  }
  if (!(entry.type in TYPEFLAGS)) throw new Error(`unknown tar entry type ${String(entry.type)}`);
}

function isAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

function fitsName(name: string): boolean {
  return /^[\x20-\x7e]{0,31}$/.test(name);
}

function formatTime(seconds: number): string {
  if (Number.isInteger(seconds)) return seconds.toFixed(0);
  // Nanosecond precision, as GNU tar writes; trailing zeros dropped.
  return seconds.toFixed(9).replace(/0+$/, '');
}

/** GNU tar's "DIR/PaxHeaders/NAME" naming, kept ASCII and within 100 bytes. */
function paxHeaderName(path: Buffer): Buffer {
  const trimmed = path.toString('latin1').replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/[^\x20-\x7e]/g, '_');
  return Buffer.from(`PaxHeaders/${base}`.slice(0, 100), 'latin1');
}
