// Reads an /etc-like tree into an EtcSnapshot: type, metadata, xattrs and a
// content digest per path. Special files (devices, FIFOs, sockets) cannot be
// carried into a new deployment, so they stop the merge with a clear error.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, wrapIoError } from '../core/errors.js';
import { sys } from '../fs/native.js';
import type { EtcEntry, EtcSnapshot } from './etc-entry.js';

/** Files above this size are never merged line by line (config files are small). */
const TEXT_LIMIT = 1 << 20;

export function canonicalXattrs(p: string): string {
  return sys
    .lreadxattrs(p)
    .map(([k, v]) => `${k}=${v.toString('hex')}`)
    .sort()
    .join(',');
}

function hashFile(p: string, size: number): { digest: string; text: boolean } {
  const fd = openSync(p, 'r');
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(64 * 1024);
    let text = size <= TEXT_LIMIT;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      if (text && chunk.includes(0)) text = false;
      h.update(chunk);
    }
    return { digest: h.digest('hex'), text };
  } finally {
    closeSync(fd);
  }
}

/** `label` names the tree in errors, e.g. "/etc of deployment 1". A missing root is an empty tree. */
export function scanEtc(root: string, label: string): EtcSnapshot {
  const out: EtcSnapshot = new Map();
  if (!existsSync(root)) return out;
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      try {
        const st = lstatSync(abs);
        const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, xattrs: canonicalXattrs(abs) };
        let entry: EtcEntry;
        if (st.isFile()) entry = { ...base, type: 'file', size: st.size, ...hashFile(abs, st.size) };
        else if (st.isDirectory()) entry = { ...base, type: 'dir' };
        else if (st.isSymbolicLink()) entry = { ...base, type: 'symlink', target: readlinkSync(abs) };
        else {
          throw new OssifyError('ERR_OSSIFY_SPECIAL_FILE', `special file in ${label}: ${r}`, {
            hint: 'devices, FIFOs and sockets cannot be carried into a new deployment; move it to /run or /var and retry',
            subject: abs,
          });
        }
        out.set(r, entry);
        if (entry.type === 'dir') walk(abs, r);
      } catch (err) {
        wrapIoError(err, `reading ${label} at ${r}`);
      }
    }
  };
  walk(root, '');
  return out;
}
