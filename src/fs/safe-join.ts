// The one place untrusted relative paths meet the file system. A path from a tar
// member, a package or a manifest is split into components; absolute paths and
// ".." are refused rather than clamped, because silently rewriting a hostile
// path hides the attack.
import path from 'node:path';
import { OssifyError } from '../core/errors.js';

/** Splits a relative path (bytes or text) into its components; "." parts and a leading "./" vanish. */
export function splitRelPath(rel: Buffer | string, what = 'path'): Buffer[] {
  const bytes = typeof rel === 'string' ? Buffer.from(rel, 'utf8') : rel;
  const shown = bytes.toString('utf8');
  if (bytes.length > 0 && bytes[0] === 0x2f) {
    throw unsafe(`${what} "${shown}" is absolute`, shown);
  }
  if (bytes.includes(0)) throw unsafe(`${what} "${shown}" contains a NUL byte`, shown);
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x2f) {
      const part = bytes.subarray(start, i);
      start = i + 1;
      if (part.length === 0 || (part.length === 1 && part[0] === 0x2e)) continue;
      if (part.length === 2 && part[0] === 0x2e && part[1] === 0x2e) {
        throw unsafe(`${what} "${shown}" climbs out with ".."`, shown);
      }
      parts.push(part);
    }
  }
  return parts;
}

/** root + rel with every component checked; the result never leaves root lexically. */
export function safeJoin(root: string, rel: Buffer | string): Buffer {
  const parts = splitRelPath(rel);
  return Buffer.concat([Buffer.from(path.resolve(root), 'utf8'), ...parts.flatMap((p) => [SLASH, p])]);
}

const SLASH = Buffer.from('/');

function unsafe(message: string, subject: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_UNSAFE_PATH', message, {
    hint: 'the input tries to write outside its target; it was refused and nothing outside was touched',
    subject,
  });
}

/**
 * Joins a directory path with an entry name (bytes, as readdir and dirtrees give
 * them). The result stays a string while the name is valid UTF-8, which every fs
 * call handles faster, and becomes bytes once a name is not.
 */
export function joinName(dir: string | Buffer, name: Buffer): string | Buffer {
  if (typeof dir === 'string') {
    const s = name.toString('utf8');
    if (Buffer.byteLength(s) === name.length && !s.includes('\ufffd')) return dir + '/' + s;
    return Buffer.concat([Buffer.from(dir), SLASH, name]);
  }
  return Buffer.concat([dir, SLASH, name]);
}

/** A printable form of a byte path for messages. */
export function showPath(p: string | Buffer): string {
  return typeof p === 'string' ? p : p.toString('utf8');
}
