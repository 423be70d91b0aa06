// Compares two directory trees entry by entry: type, content, mode (all 12
// permission bits), owner, xattrs (bytes) and symlink targets. Returns the list
// of differences, empty when the trees are equal.
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { sys } from '../../src/fs/native.js';

export interface CompareOptions {
  /** Ignore these xattr names (e.g. security.selinux added by a host policy). */
  ignoreXattrs?: string[];
  /** Compare directory modes too (default true). */
  dirMetadata?: boolean;
}

export function compareTrees(a: string, b: string, opts: CompareOptions = {}): string[] {
  const diffs: string[] = [];
  walk(Buffer.from(a), Buffer.from(b), '', diffs, opts);
  return diffs;
}

const SLASH = Buffer.from('/');

function walk(a: Buffer, b: Buffer, rel: string, diffs: string[], opts: CompareOptions): void {
  const sa = lstatSync(a, { throwIfNoEntry: false });
  const sb = lstatSync(b, { throwIfNoEntry: false });
  const where = rel || '/';
  if (!sa || !sb) {
    diffs.push(`${where}: ${sa ? 'missing on the right' : 'missing on the left'}`);
    return;
  }
  const type = (s: typeof sa) => (s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : 'other');
  if (type(sa) !== type(sb)) {
    diffs.push(`${where}: ${type(sa)} vs ${type(sb)}`);
    return;
  }
  if (sa.isDirectory() && opts.dirMetadata === false) {
    // skip
  } else {
    if ((sa.mode & 0o7777) !== (sb.mode & 0o7777)) diffs.push(`${where}: mode ${(sa.mode & 0o7777).toString(8)} vs ${(sb.mode & 0o7777).toString(8)}`);
    if (sa.uid !== sb.uid || sa.gid !== sb.gid) diffs.push(`${where}: owner ${sa.uid}:${sa.gid} vs ${sb.uid}:${sb.gid}`);
    const xa = xattrs(a, opts);
    const xb = xattrs(b, opts);
    if (xa !== xb) diffs.push(`${where}: xattrs ${xa} vs ${xb}`);
  }
  if (sa.isSymbolicLink()) {
    const ta = readlinkSync(a, { encoding: 'buffer' });
    const tb = readlinkSync(b, { encoding: 'buffer' });
    if (!ta.equals(tb)) diffs.push(`${where}: target ${ta} vs ${tb}`);
  } else if (sa.isFile()) {
    if (sa.size !== sb.size) diffs.push(`${where}: size ${sa.size} vs ${sb.size}`);
    else if (sa.size < 64 * 1024 * 1024 && !readFileSync(a).equals(readFileSync(b))) diffs.push(`${where}: content differs`);
  } else if (sa.isDirectory()) {
    const na = readdirSync(a, { encoding: 'buffer' }).map((n) => n.toString('latin1')).sort();
    const nb = readdirSync(b, { encoding: 'buffer' }).map((n) => n.toString('latin1')).sort();
    for (const n of new Set([...na, ...nb])) {
      const nbuf = Buffer.from(n, 'latin1');
      walk(Buffer.concat([a, SLASH, nbuf]), Buffer.concat([b, SLASH, nbuf]), `${rel}/${nbuf.toString('utf8')}`, diffs, opts);
    }
  }
}

function xattrs(p: Buffer, opts: CompareOptions): string {
  return sys
    .lreadxattrs(p)
    .filter(([n]) => !(opts.ignoreXattrs ?? []).includes(n))
    .map(([n, v]) => `${n}=${v.toString('hex')}`)
    .sort()
    .join(',');
}
