// Shapes a root file system for an immutable, OSTree-deployed system:
// kernel + initramfs in /usr/lib/modules/VERSION, the dpkg database under /usr,
// /var declared with tmpfiles.d, /etc moved to /usr/etc, state directories
// linked into /var, API file systems empty, and nothing host- or time-specific
// (machine-id, ssh host keys, logs, caches) left behind.
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';
import { collectVarEntries, renderTmpfiles } from './var-tmpfiles.js';

/** Where the dpkg database lives in a shaped tree; /var/lib/dpkg points here. */
export const DPKG_DB_DIR = 'usr/lib/sysimage/dpkg';

// State directories that must stay writable on a read-only /usr: link -> target in /var.
const STATE_LINKS: Array<[string, string, string]> = [
  ['home', 'var/home', 'var/home'],
  ['opt', 'var/opt', 'var/opt'],
  ['srv', 'var/srv', 'var/srv'],
  ['root', 'var/roothome', 'var/roothome'],
  ['mnt', 'var/mnt', 'var/mnt'],
  ['usr/local', '../var/usrlocal', 'var/usrlocal'],
];

export interface ShapeResult {
  kernels: string[];
}

const lexists = (p: string): boolean => {
  try {
    lstatSync(p);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
};

function emptyDir(dir: string, mode: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, mode);
}

function moveKernels(root: string): string[] {
  const boot = path.join(root, 'boot');
  const kernels: string[] = [];
  if (existsSync(boot)) {
    for (const name of readdirSync(boot).sort()) {
      const m = /^vmlinuz-(.+)$/.exec(name);
      if (!m) continue;
      const version = m[1];
      const dest = path.join(root, 'usr/lib/modules', version);
      mkdirSync(dest, { recursive: true });
      renameSync(path.join(boot, name), path.join(dest, 'vmlinuz'));
      for (const [from, to] of [
        [`initrd.img-${version}`, 'initramfs.img'],
        [`config-${version}`, 'config'],
        [`System.map-${version}`, 'System.map'],
      ]) {
        if (existsSync(path.join(boot, from))) renameSync(path.join(boot, from), path.join(dest, to));
      }
      kernels.push(version);
    }
    emptyDir(boot, 0o755);
  }
  for (const link of ['vmlinuz', 'vmlinuz.old', 'initrd.img', 'initrd.img.old'])
    rmSync(path.join(root, link), { force: true });
  return kernels;
}

function moveDpkgDatabase(root: string): void {
  const varDb = path.join(root, 'var/lib/dpkg');
  const usrDb = path.join(root, DPKG_DB_DIR);
  if (lexists(varDb) && lstatSync(varDb).isSymbolicLink()) return; // shaped before (base: ref)
  if (!existsSync(varDb)) return;
  for (const name of readdirSync(varDb))
    if (name.endsWith('-old')) rmSync(path.join(varDb, name), { force: true });
  mkdirSync(path.dirname(usrDb), { recursive: true });
  rmSync(usrDb, { recursive: true, force: true });
  renameSync(varDb, usrDb);
  symlinkSync(`../../${DPKG_DB_DIR}`, varDb);
}

function removeVolatile(root: string): void {
  const rm = (rel: string): void => rmSync(path.join(root, rel), { recursive: true, force: true });
  // Logs: files go, directories stay (packages expect them, tmpfiles declares them).
  const clearFiles = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) clearFiles(p);
      else rmSync(p, { force: true });
    }
  };
  clearFiles(path.join(root, 'var/log'));
  for (const rel of ['var/cache/apt', 'var/cache/ldconfig', 'var/cache/man', 'var/lib/apt/lists']) {
    rm(rel);
    mkdirSync(path.join(root, rel), { recursive: true });
  }
  const debconf = path.join(root, 'var/cache/debconf');
  if (existsSync(debconf))
    for (const n of readdirSync(debconf)) if (n.endsWith('-old')) rm(`var/cache/debconf/${n}`);
  rm('etc/apt/apt.conf.d/99mmdebstrap');
  rm('var/lib/dbus/machine-id');
  // Host keys must be unique per machine: generated on first boot instead.
  const ssh = path.join(root, 'etc/ssh');
  if (existsSync(ssh)) for (const n of readdirSync(ssh)) if (n.startsWith('ssh_host_')) rm(`etc/ssh/${n}`);
  if (existsSync(path.join(root, 'usr/sbin/sshd'))) writeSshKeygenUnit(root);
  for (const dir of ['dev', 'proc', 'sys', 'run']) emptyDir(path.join(root, dir), 0o755);
  emptyDir(path.join(root, 'tmp'), 0o1777);
  emptyDir(path.join(root, 'var/tmp'), 0o1777);
  writeFileSync(path.join(root, 'etc/machine-id'), '');
  chmodSync(path.join(root, 'etc/machine-id'), 0o444);
}

function writeSshKeygenUnit(root: string): void {
  const unitDir = path.join(root, 'usr/lib/systemd/system');
  mkdirSync(path.join(unitDir, 'ssh.service.d'), { recursive: true });
  writeFileSync(
    path.join(unitDir, 'ossify-sshd-keygen.service'),
    '[Unit]\nDescription=Generate SSH host keys\nConditionPathExistsGlob=!/etc/ssh/ssh_host_*_key\n\n' +
      '[Service]\nType=oneshot\nExecStart=/usr/bin/ssh-keygen -A\n',
  );
  writeFileSync(
    path.join(unitDir, 'ssh.service.d/ossify-keygen.conf'),
    '[Unit]\nWants=ossify-sshd-keygen.service\nAfter=ossify-sshd-keygen.service\n',
  );
}

function linkStateDirs(root: string): void {
  for (const [link, target, varDir] of STATE_LINKS) {
    const linkPath = path.join(root, link);
    const dest = path.join(root, varDir);
    mkdirSync(dest, { recursive: true });
    if (lexists(linkPath) && lstatSync(linkPath).isSymbolicLink()) continue;
    if (existsSync(linkPath)) {
      const st = lstatSync(linkPath);
      for (const name of readdirSync(linkPath)) renameSync(path.join(linkPath, name), path.join(dest, name));
      chmodSync(dest, st.mode & 0o7777);
      rmSync(linkPath, { recursive: true, force: true });
    }
    symlinkSync(target, linkPath);
  }
}

function declareVar(root: string): void {
  const entries = collectVarEntries(root);
  const factory = path.join(root, 'usr/share/factory');
  for (const e of entries) {
    if (e.kind !== 'C') continue;
    const dest = path.join(factory, e.path);
    mkdirSync(path.dirname(dest), { recursive: true });
    rmSync(dest, { force: true });
    linkSync(path.join(root, e.path), dest);
  }
  const dir = path.join(root, 'usr/lib/tmpfiles.d');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ossify-var.conf'), renderTmpfiles(entries));
}

function moveEtc(root: string): void {
  const usrEtc = path.join(root, 'usr/etc');
  if (lexists(usrEtc)) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', 'shaping: the tree already has /usr/etc next to /etc', {
      hint: 'a tree built on a ref is unshaped first; remove /usr/etc from the base tree',
    });
  }
  renameSync(path.join(root, 'etc'), usrEtc);
}

export function shapeTree(root: string): ShapeResult {
  const kernels = moveKernels(root);
  moveDpkgDatabase(root);
  removeVolatile(root);
  linkStateDirs(root);
  // Accounts are still in /etc here, so tmpfiles.d lines carry names.
  declareVar(root);
  moveEtc(root);
  mkdirSync(path.join(root, 'sysroot'), { recursive: true });
  if (!lexists(path.join(root, 'ostree'))) symlinkSync('sysroot/ostree', path.join(root, 'ostree'));
  return { kernels };
}

/** Undoes the /etc move of an already shaped tree (base: ref) so packages can be installed. */
export function unshapeTree(root: string): void {
  const usrEtc = path.join(root, 'usr/etc');
  if (existsSync(usrEtc)) {
    // A deployment-style tree may carry an /etc beside /usr/etc; /usr/etc is the image's.
    rmSync(path.join(root, 'etc'), { recursive: true, force: true });
    renameSync(usrEtc, path.join(root, 'etc'));
  }
}
