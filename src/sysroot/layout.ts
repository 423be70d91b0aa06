// Paths of the OSTree sysroot layout, relative names and parsers. Pure: no I/O.
//   ostree/repo                          the repository
//   ostree/deploy/OS/deploy/CSUM.SERIAL  a deployment root, with CSUM.SERIAL.origin beside it
//   ostree/deploy/OS/var                 /var shared by every deployment of OS
//   boot/loader -> loader.B              B in {0,1}: the active boot configuration
//   boot/loader.B/entries/ostree-I-OS.conf
//   boot/ostree/OS-BOOTCSUM/             kernel and initramfs
//   ostree/boot.B -> boot.B.S            bootlinks: boot.B.S/OS/BOOTCSUM/SERIAL -> deployment
import path from 'node:path';
import { OssifyError } from '../core/errors.js';

export interface DeploymentId {
  osname: string;
  checksum: string;
  serial: number;
}

export function repoPath(sysroot: string): string {
  return path.join(sysroot, 'ostree', 'repo');
}

export function stateRootPath(sysroot: string, osname: string): string {
  return path.join(sysroot, 'ostree', 'deploy', osname);
}

export function deployName(d: Pick<DeploymentId, 'checksum' | 'serial'>): string {
  return `${d.checksum}.${d.serial}`;
}

/** Relative to the sysroot, as OSTree writes it into bootlinks and the booted path. */
export function deploymentRelPath(d: DeploymentId): string {
  return `ostree/deploy/${d.osname}/deploy/${deployName(d)}`;
}

export function deploymentPath(sysroot: string, d: DeploymentId): string {
  return path.join(sysroot, deploymentRelPath(d));
}

export function originPath(sysroot: string, d: DeploymentId): string {
  return deploymentPath(sysroot, d) + '.origin';
}

export function parseDeployName(name: string): { checksum: string; serial: number } | null {
  const m = /^([0-9a-f]{64})\.([0-9]+)$/.exec(name);
  return m ? { checksum: m[1], serial: Number(m[2]) } : null;
}

export interface BootLink {
  bootVersion: number;
  osname: string;
  bootChecksum: string;
  bootSerial: number;
}

/** Parses the value of an `ostree=` kernel argument: /ostree/boot.B/OS/BOOTCSUM/SERIAL. */
export function parseBootLink(value: string): BootLink {
  const m = /^\/ostree\/boot\.([01])\/([^/]+)\/([0-9a-f]{64})\/([0-9]+)$/.exec(value);
  if (!m) {
    throw new OssifyError('ERR_OSSIFY_SYSROOT', `invalid ostree= kernel argument: ${value}`, {
      hint: 'expected /ostree/boot.B/OS/BOOTCSUM/SERIAL; the boot entry was not written by ossify or ostree',
      subject: value,
    });
  }
  return { bootVersion: Number(m[1]), osname: m[2], bootChecksum: m[3], bootSerial: Number(m[4]) };
}

export function renderBootLink(l: BootLink): string {
  return `/ostree/boot.${l.bootVersion}/${l.osname}/${l.bootChecksum}/${l.bootSerial}`;
}

export function bootDirName(osname: string, bootChecksum: string): string {
  return `${osname}-${bootChecksum}`;
}

/** OS names become directory names and kernel-argument words: keep them boring. */
export function validateOsName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name.length > 64) {
    throw new OssifyError('ERR_OSSIFY_USAGE', `invalid OS name: ${JSON.stringify(name)}`, {
      hint: 'use letters, digits, ".", "_" and "-", starting with a letter or digit',
      subject: name,
    });
  }
  return name;
}
