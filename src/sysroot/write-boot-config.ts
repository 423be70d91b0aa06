// The one transaction every mutating command ends with. It writes the complete
// next boot configuration beside the active one, makes it durable, then flips
// boot/loader with a single rename(2):
//   1. kernels into boot/ostree/OS-BOOTCSUM (via a temp dir + rename)
//   2. bootlinks ostree/boot.N.0/OS/BOOTCSUM/SERIAL and ostree/boot.N -> boot.N.0
//   3. entries in boot/loader.N/entries, one per deployment, default first
//   4. refs ostree/N/0/I in the repository so prune keeps every deployed commit
//   5. syncfs, then boot/loader.tmp -> loader.N renamed over boot/loader
// N is the inactive boot version, so nothing a bootloader can see changes before 5.
import {
  existsSync,
  readdirSync,
  linkSync,
  copyFileSync,
  mkdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  constants,
} from 'node:fs';
import path from 'node:path';
import { wrapIoError } from '../core/errors.js';
import { renderBootEntry, type BootEntry } from './boot-entry.js';
import { crashPoint } from './crash-point.js';
import type { Deployment } from './deployment.js';
import { findKernel } from './find-kernel.js';
import { bootDirName, deployName, deploymentPath, renderBootLink } from './layout.js';
import { bootEntryTitle, readOsRelease } from './os-release.js';
import { assignBootSerials } from './plan-deployments.js';
import { fsyncDir, syncFilesystems } from './sync-dirs.js';
import { listRefs, setRef, type Repo } from './repo-port.js';

export interface BootConfigInput {
  sysroot: string;
  repo: Repo;
  /** The active boot version; the new configuration is written as the other one. */
  bootVersion: number;
  deployments: Deployment[];
  /** Commit version of a deployment, for its entry title. */
  versionOf(d: Deployment): string | null;
  fsync: boolean;
}

function linkOrCopy(src: string, dst: string): void {
  try {
    linkSync(src, dst);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw err;
    copyFileSync(src, dst, constants.COPYFILE_FICLONE);
  }
}

/** Installs a deployment's kernel and initramfs unless its boot directory exists already. */
function installKernel(sysroot: string, d: Deployment): void {
  const bootDir = path.join(sysroot, 'boot', 'ostree', bootDirName(d.osname, d.bootChecksum));
  if (existsSync(bootDir)) return;
  const k = findKernel(deploymentPath(sysroot, d), `deployment ${deployName(d)}`);
  const tmp = path.join(sysroot, 'boot', 'ostree', `.tmp-${bootDirName(d.osname, d.bootChecksum)}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  linkOrCopy(k.kernel, path.join(tmp, `vmlinuz-${k.version}`));
  if (k.initramfs) linkOrCopy(k.initramfs, path.join(tmp, `initramfs-${k.version}.img`));
  renameSync(tmp, bootDir);
}

export function entryFileName(d: Deployment, index: number, count: number): string {
  return `ostree-${count - index}-${d.osname}.conf`;
}

export interface EntryInput {
  d: Deployment;
  index: number;
  count: number;
  bootVersion: number;
  bootSerial: number;
  title: string;
  /** File names inside boot/ostree/OS-BOOTCSUM. */
  kernel: string;
  initramfs: string | null;
}

export function buildEntry(input: EntryInput): BootEntry {
  const { d, index, count } = input;
  const link = renderBootLink({
    bootVersion: input.bootVersion,
    osname: d.osname,
    bootChecksum: d.bootChecksum,
    bootSerial: input.bootSerial,
  });
  const dir = `/ostree/${bootDirName(d.osname, d.bootChecksum)}`;
  const entry: BootEntry = [
    ['title', input.title],
    ['version', String(count - index)],
    ['options', [...d.kernelArgs, `ostree=${link}`].join(' ')],
    ['linux', `${dir}/${input.kernel}`],
  ];
  if (input.initramfs) entry.push(['initrd', `${dir}/${input.initramfs}`]);
  return entry;
}

export function writeBootConfig(input: BootConfigInput): number {
  const { sysroot, deployments } = input;
  const next = 1 - input.bootVersion;
  const boot = path.join(sysroot, 'boot');
  const ostreeDir = path.join(sysroot, 'ostree');
  try {
    for (const d of deployments) installKernel(sysroot, d);
    crashPoint('boot:after-kernel');

    // Leftovers of an interrupted attempt at this (inactive) boot version.
    const loaderDir = path.join(boot, `loader.${next}`);
    for (const p of [
      loaderDir,
      path.join(ostreeDir, `boot.${next}`),
      path.join(ostreeDir, `boot.${next}.0`),
      path.join(ostreeDir, `boot.${next}.1`),
    ]) {
      rmSync(p, { recursive: true, force: true });
    }
    const serials = assignBootSerials(deployments);
    deployments.forEach((d, i) => {
      const linkDir = path.join(ostreeDir, `boot.${next}.0`, d.osname, d.bootChecksum);
      mkdirSync(linkDir, { recursive: true });
      symlinkSync(
        `../../../deploy/${d.osname}/deploy/${deployName(d)}`,
        path.join(linkDir, String(serials[i])),
      );
    });
    symlinkSync(`boot.${next}.0`, path.join(ostreeDir, `boot.${next}`));

    const entries = path.join(loaderDir, 'entries');
    mkdirSync(entries, { recursive: true });
    deployments.forEach((d, i) => {
      const title = bootEntryTitle(
        readOsRelease(deploymentPath(sysroot, d)),
        d.osname,
        input.versionOf(d),
        i,
      );
      const files = readdirSync(path.join(boot, 'ostree', bootDirName(d.osname, d.bootChecksum))).sort();
      const kernel = files.find((f) => f.startsWith('vmlinuz-')) ?? `vmlinuz-${d.kernelVersion}`;
      const initramfs = files.find((f) => f.startsWith('initramfs-') && f.endsWith('.img')) ?? null;
      const entry = buildEntry({
        d,
        index: i,
        count: deployments.length,
        bootVersion: next,
        bootSerial: serials[i],
        title,
        kernel,
        initramfs,
      });
      writeFileSync(path.join(entries, entryFileName(d, i, deployments.length)), renderBootEntry(entry));
    });
    crashPoint('boot:after-entries');

    for (const { ref } of listRefs(input.repo))
      if (ref.startsWith(`ostree/${next}/`)) setRef(input.repo, ref, null);
    deployments.forEach((d, i) => setRef(input.repo, `ostree/${next}/0/${i}`, d.checksum));

    if (input.fsync) syncFilesystems([boot, sysroot]);
    crashPoint('boot:before-swap');
    const tmpLink = path.join(boot, 'loader.tmp');
    rmSync(tmpLink, { force: true });
    symlinkSync(`loader.${next}`, tmpLink);
    renameSync(tmpLink, path.join(boot, 'loader'));
    if (input.fsync) fsyncDir(boot);
    crashPoint('boot:after-swap');
    return next;
  } catch (err) {
    wrapIoError(err, 'writing the boot configuration');
  }
}
