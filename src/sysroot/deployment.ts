// A deployment as the sysroot records it: where it lives, what boots it, why it exists.
import type { Keyfile } from '../core/keyfile.js';
import { keyfileGet } from '../core/keyfile.js';
import type { DeploymentId } from './layout.js';

export interface Deployment extends DeploymentId {
  /** SHA-256 of kernel then initramfs; names boot/ostree/OS-BOOTCSUM. */
  bootChecksum: string;
  /** Kernel version (usr/lib/modules/VERSION) when known. */
  kernelVersion: string | null;
  /** Kernel arguments without the ostree= argument, which is derived. */
  kernelArgs: string[];
  /** The .origin key file: [origin] refspec, [libostree-transient] pinned, [ossify] notes. */
  origin: Keyfile;
}

export const TRANSIENT_GROUP = 'libostree-transient';
export const OSSIFY_GROUP = 'ossify';

export function deploymentKey(d: DeploymentId): string {
  return `${d.osname}/${d.checksum}.${d.serial}`;
}

export function sameDeployment(a: DeploymentId, b: DeploymentId): boolean {
  return a.osname === b.osname && a.checksum === b.checksum && a.serial === b.serial;
}

export function isPinned(d: Deployment): boolean {
  return keyfileGet(d.origin, TRANSIENT_GROUP, 'pinned') === 'true';
}

export function originRefspec(d: Deployment): string | null {
  return keyfileGet(d.origin, 'origin', 'refspec') ?? null;
}

/** /etc paths whose merge conflicted when this deployment was made (NAME.ossify-new written beside). */
export function etcConflicts(d: Deployment): string[] {
  const v = keyfileGet(d.origin, OSSIFY_GROUP, 'etc-conflicts');
  return v ? v.split(';').filter((s) => s !== '') : [];
}
