// Which deployment is running. Only meaningful for the sysroot the machine
// booted from: the kernel command line carries ostree=/ostree/boot.B/OS/CSUM/N,
// and the root directory is (a bind mount of) that deployment, so its device and
// inode identify it even after later transactions rewrote the bootlinks.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { findKarg, splitKargs } from './boot-entry.js';
import type { Deployment } from './deployment.js';
import { deploymentPath, parseDeployName, type DeploymentId } from './layout.js';

export interface BootedProbe {
  /** Contents of /proc/cmdline. */
  cmdline: string;
  /** The running root, normally "/". */
  root: string;
}

export function probeBooted(sysroot: string): BootedProbe | null {
  if (path.resolve(sysroot) !== '/') return null;
  try {
    return { cmdline: readFileSync('/proc/cmdline', 'utf8'), root: '/' };
  } catch {
    return null;
  }
}

export function findBooted(
  sysroot: string,
  deployments: Deployment[],
  probe: BootedProbe | null,
): DeploymentId | null {
  if (!probe) return null;
  const arg = findKarg(splitKargs(probe.cmdline), 'ostree');
  if (!arg) return null;
  const root = statSync(probe.root);
  for (const d of deployments) {
    const dir = deploymentPath(sysroot, d);
    if (!existsSync(dir)) continue;
    const st = statSync(dir);
    if (st.dev === root.dev && st.ino === root.ino) return d;
  }
  // Not booted through a bind mount (e.g. a chroot): follow the bootlink itself.
  try {
    const parsed = parseDeployName(path.basename(realpathSync(path.join(sysroot, arg))));
    const hit =
      parsed && deployments.find((d) => d.checksum === parsed.checksum && d.serial === parsed.serial);
    return hit ?? null;
  } catch {
    return null;
  }
}
