// Removes what no boot entry reaches: the inactive boot version's loader and
// bootlinks, deployment directories of interrupted or superseded transactions,
// and kernels no kept deployment boots. Every mutating command runs it first
// (under the lock) so a crash anywhere earlier costs nothing but disk space.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { wrapIoError } from '../core/errors.js';
import { crashPoint } from './crash-point.js';
import { deployName, bootDirName, parseDeployName } from './layout.js';
import type { SysrootState } from './load-sysroot.js';
import { listRefs, setRef, type Repo } from './repo-port.js';
import { setImmutable } from './immutable.js';
import { removeTree } from './remove-tree.js';

export interface CleanupReport {
  deployments: string[];
  bootDirs: string[];
}

export function removeDeploymentDir(dir: string): void {
  if (existsSync(dir)) {
    try {
      setImmutable(dir, false);
    } catch {
      // A half-written checkout may not even be a directory yet; rm decides.
    }
    removeTree(dir);
  }
}

export function cleanupLeftovers(state: SysrootState, repo: Repo): CleanupReport {
  const { path: sysroot, bootVersion: b, subBootVersion: s } = state;
  const report: CleanupReport = { deployments: [], bootDirs: [] };
  try {
    const boot = path.join(sysroot, 'boot');
    const ostreeDir = path.join(sysroot, 'ostree');
    for (const p of [
      path.join(boot, `loader.${1 - b}`),
      path.join(boot, 'loader.tmp'),
      path.join(ostreeDir, `boot.${1 - b}`),
      path.join(ostreeDir, `boot.${1 - b}.0`),
      path.join(ostreeDir, `boot.${1 - b}.1`),
      path.join(ostreeDir, `boot.${b}.${1 - s}`),
    ]) {
      rmSync(p, { recursive: true, force: true });
    }
    for (const { ref } of listRefs(repo)) {
      if (ref.startsWith('ostree/') && !ref.startsWith(`ostree/${b}/${s}/`)) setRef(repo, ref, null);
    }
    crashPoint('cleanup:after-loader');

    const kept = new Set(state.deployments.map((d) => `${d.osname}/${deployName(d)}`));
    for (const os of state.osnames) {
      const dir = path.join(ostreeDir, 'deploy', os, 'deploy');
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const base = name.endsWith('.origin') ? name.slice(0, -'.origin'.length) : name;
        if (kept.has(`${os}/${base}`)) continue;
        if (name.endsWith('.origin')) {
          if (!existsSync(path.join(dir, base))) rmSync(path.join(dir, name), { force: true });
          continue;
        }
        removeDeploymentDir(path.join(dir, name));
        rmSync(path.join(dir, name + '.origin'), { force: true });
        if (parseDeployName(name)) report.deployments.push(`${os}/${name}`);
        crashPoint('cleanup:mid-deployments');
      }
    }

    const bootDirs = new Set(state.deployments.map((d) => bootDirName(d.osname, d.bootChecksum)));
    const kernels = path.join(boot, 'ostree');
    if (existsSync(kernels)) {
      for (const name of readdirSync(kernels)) {
        if (bootDirs.has(name)) continue;
        rmSync(path.join(kernels, name), { recursive: true, force: true });
        if (!name.startsWith('.tmp-')) report.bootDirs.push(name);
      }
    }
    return report;
  } catch (err) {
    wrapIoError(err, `cleaning up sysroot ${sysroot}`);
  }
}
