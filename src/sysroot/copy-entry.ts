// Copies filesystem entries with their owner, mode and extended attributes
// (what a deployment's /etc and a seeded /var must keep). Contents are cloned
// (reflink) where the file system can, copied otherwise; never hardlinked, since
// these copies are meant to be edited.
import {
  chmodSync,
  constants,
  copyFileSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import path from 'node:path';
import { sys } from '../fs/native.js';
import type { EtcMeta } from './etc-entry.js';
import { canonicalXattrs } from './scan-etc.js';

export function applyMeta(p: string, meta: EtcMeta, isLink: boolean): void {
  lchownSync(p, meta.uid, meta.gid);
  if (!isLink) chmodSync(p, meta.mode);
  const want = meta.xattrs === '' ? [] : meta.xattrs.split(',');
  const have = new Set(sys.lreadxattrs(p).map(([k]) => k));
  for (const kv of want) {
    const eq = kv.indexOf('=');
    const name = kv.slice(0, eq);
    sys.lsetxattr(p, name, Buffer.from(kv.slice(eq + 1), 'hex'));
    have.delete(name);
  }
  for (const name of have) sys.lremovexattr(p, name);
}

export function readMeta(p: string): EtcMeta {
  const st = lstatSync(p);
  return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, xattrs: canonicalXattrs(p) };
}

/** Copies one entry (not its children); metadata from `meta` or the source. */
export function copyEntry(src: string, dst: string, meta?: EtcMeta): void {
  const st = lstatSync(src);
  const m = meta ?? readMeta(src);
  if (st.isDirectory()) {
    mkdirSync(dst);
    applyMeta(dst, m, false);
  } else if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dst);
    applyMeta(dst, m, true);
  } else {
    copyFileSync(src, dst, constants.COPYFILE_FICLONE);
    applyMeta(dst, m, false);
  }
}

export function copyTree(src: string, dst: string): void {
  copyEntry(src, dst);
  if (lstatSync(src).isDirectory()) {
    for (const name of readdirSync(src)) copyTree(path.join(src, name), path.join(dst, name));
  }
}
