// ossify verify: compares a deployment with the commit it came from, entry by
// entry (type, content, mode, owner, xattrs, symlink target), and lists every
// difference. /etc and /var are the machine's own and are left to `etc diff`.
import { closeSync, existsSync, lstatSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { createHash } from 'node:crypto';
import { sys } from '../fs/native.js';
import { hashFileInto } from '../fs/hash-file.js';
import { fileHeaderBytes } from '../core/ostree/index.js';
import { deployName, deploymentPath } from './layout.js';
import { walkCommit, type Repo, type TreeEntry } from './repo-port.js';
import type { Deployment } from './deployment.js';

export interface VerifyDifference {
  path: string;
  /**
   * 'checksum': the entry no longer hashes to the commit's checksum although the
   * repository object reads the same, i.e. it was changed through a hardlink and
   * the repository object is damaged too (run fsck on the repository).
   */
  kind: 'missing' | 'extra' | 'type' | 'content' | 'checksum' | 'mode' | 'owner' | 'xattrs' | 'target';
  expected?: string;
  actual?: string;
}

const MUTABLE = ['/etc', '/var'];

function isMutable(p: string): boolean {
  return MUTABLE.some((m) => p === m || p.startsWith(m + '/'));
}

function sameBytes(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.allocUnsafe(1 << 16);
    const bb = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

function xattrText(x: Array<[string, Buffer]>): string {
  return x
    .map(([k, v]) => `${k}=${v.toString('hex')}`)
    .sort()
    .join(',');
}

/** OSTree's content checksum of a file as it is on disk: header (uid, gid, mode, xattrs) + bytes. */
function contentChecksum(abs: string, st: { uid: number; gid: number; mode: number }): string {
  const h = createHash('sha256');
  h.update(
    fileHeaderBytes({
      uid: st.uid,
      gid: st.gid,
      mode: st.mode,
      symlinkTarget: Buffer.alloc(0),
      xattrs: sys.lreadxattrs(abs),
    }),
  );
  hashFileInto(h, abs);
  return h.digest('hex');
}

export function verifyDeployment(
  sysroot: string,
  repo: Repo,
  d: Deployment,
  opts: { xattrs?: boolean } = {},
): VerifyDifference[] {
  const root = deploymentPath(sysroot, d);
  if (!existsSync(root)) {
    throw new OssifyError('ERR_OSSIFY_DEPLOYMENT', `deployment directory missing: ${root}`, {
      subject: root,
    });
  }
  const diffs: VerifyDifference[] = [];
  const seen = new Set<string>();
  const entries = [...(walkCommit(repo, d.checksum) as Iterable<TreeEntry>)];
  // A legacy tree's /etc was moved to /usr/etc at deploy time (see prepare-deployment).
  const legacyEtc = entries.some((e) => e.path === '/etc') && !entries.some((e) => e.path === '/usr/etc');
  for (const e of entries) {
    let rel = e.path.startsWith('/') ? e.path : '/' + e.path;
    if (legacyEtc && (rel === '/etc' || rel.startsWith('/etc/'))) rel = '/usr' + rel;
    seen.add(rel);
    if (rel === '/' || isMutable(rel)) continue;
    const abs = path.join(root, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      diffs.push({ path: rel, kind: 'missing' });
      continue;
    }
    const type = st.isDirectory()
      ? 'dir'
      : st.isSymbolicLink()
        ? 'symlink'
        : st.isFile()
          ? 'file'
          : 'special';
    if (type !== e.type) {
      diffs.push({ path: rel, kind: 'type', expected: e.type, actual: type });
      continue;
    }
    if (e.type === 'symlink') {
      const t = readlinkSync(abs);
      if (t !== e.target) diffs.push({ path: rel, kind: 'target', expected: e.target, actual: t });
    } else if ((st.mode & 0o7777) !== (e.mode & 0o7777)) {
      diffs.push({
        path: rel,
        kind: 'mode',
        expected: (e.mode & 0o7777).toString(8),
        actual: (st.mode & 0o7777).toString(8),
      });
    }
    if (st.uid !== e.uid || st.gid !== e.gid) {
      diffs.push({ path: rel, kind: 'owner', expected: `${e.uid}:${e.gid}`, actual: `${st.uid}:${st.gid}` });
    }
    if (e.type === 'file' && contentChecksum(abs, st) !== e.checksum) {
      const obj = path.join(repo.path, 'objects', e.checksum.slice(0, 2), `${e.checksum.slice(2)}.file`);
      const objSt = existsSync(obj) ? lstatSync(obj) : null;
      const linked = objSt !== null && objSt.ino === st.ino && objSt.dev === st.dev;
      const sameContent = objSt !== null && st.size === objSt.size && sameBytes(abs, obj);
      const metaReported = diffs.some((x) => x.path === rel);
      if (linked || (sameContent && !metaReported))
        diffs.push({ path: rel, kind: 'checksum', expected: e.checksum });
      else if (!sameContent) diffs.push({ path: rel, kind: 'content', expected: e.checksum });
    }
    if (opts.xattrs !== false && e.type !== 'symlink') {
      const want = xattrText(e.xattrs);
      const have = xattrText(sys.lreadxattrs(abs));
      if (want !== have) diffs.push({ path: rel, kind: 'xattrs', expected: want, actual: have });
    }
  }
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const r = `${rel}/${name}`;
      if (isMutable(r)) continue;
      if (!seen.has(r)) diffs.push({ path: r, kind: 'extra' });
      else if (lstatSync(path.join(dir, name)).isDirectory()) walk(path.join(dir, name), r);
    }
  };
  walk(root, '');
  return diffs.filter((x) => !(x.kind === 'extra' && x.path === '/etc'));
}

export function verifyLabel(d: Deployment): string {
  return `${d.osname}/${deployName(d)}`;
}
