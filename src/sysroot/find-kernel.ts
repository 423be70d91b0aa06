// Locates a tree's kernel where modern OSTree systems keep it,
// usr/lib/modules/VERSION/{vmlinuz,initramfs.img}, and computes its boot
// checksum: SHA-256 over the kernel then the initramfs, as libostree does, so
// both tools name boot/ostree/OS-BOOTCSUM identically.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { hashFileInto } from '../fs/hash-file.js';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { lstatNoSymlink } from './no-symlink-path.js';

export interface KernelLayout {
  version: string;
  kernel: string;
  initramfs: string | null;
  bootChecksum: string;
}


export function findKernel(root: string, label: string): KernelLayout {
  const modules = path.join(root, 'usr', 'lib', 'modules');
  const isFile = (rel: string): boolean => lstatNoSymlink(root, rel, label)?.isFile() === true;
  const versions = lstatNoSymlink(root, 'usr/lib/modules', label)?.isDirectory()
    ? readdirSync(modules).filter((v) => isFile(`usr/lib/modules/${v}/vmlinuz`))
    : [];
  if (versions.length === 0) {
    throw new OssifyError(
      'ERR_OSSIFY_NO_KERNEL',
      `no kernel in ${label}: expected usr/lib/modules/VERSION/vmlinuz`,
      {
        hint: 'install a kernel package into the tree (or place vmlinuz and initramfs.img there) and commit again',
        subject: label,
      },
    );
  }
  if (versions.length > 1) {
    throw new OssifyError(
      'ERR_OSSIFY_DEPLOYMENT',
      `more than one kernel in ${label}: ${versions.sort().join(', ')}`,
      {
        hint: 'keep exactly one kernel in usr/lib/modules of a bootable tree',
        subject: label,
      },
    );
  }
  const version = versions[0];
  const kernel = path.join(modules, version, 'vmlinuz');
  const initrd = path.join(modules, version, 'initramfs.img');
  const initramfs = isFile(`usr/lib/modules/${version}/initramfs.img`) ? initrd : null;
  const h = createHash('sha256');
  hashFileInto(h, kernel);
  if (initramfs) hashFileInto(h, initramfs);
  return { version, kernel, initramfs, bootChecksum: h.digest('hex') };
}
