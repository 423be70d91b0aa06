// ossify sysroot init: the empty layout `ostree admin init-fs` + `os-init`
// create: top-level mount points, ostree/repo (bare), ostree/deploy/OS/var, boot.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, wrapIoError } from '../core/errors.js';
import { repoPath, stateRootPath, validateOsName } from './layout.js';
import { initRepo, openRepo } from './repo-port.js';

export interface InitResult {
  sysroot: string;
  osname: string;
  createdRepo: boolean;
}

export function initSysroot(sysroot: string, osname: string): InitResult {
  validateOsName(osname);
  try {
    const repo = repoPath(sysroot);
    const fresh = !existsSync(repo);
    if (
      fresh &&
      existsSync(sysroot) &&
      readdirSync(sysroot).some((n) => !['boot', 'lost+found'].includes(n))
    ) {
      throw new OssifyError('ERR_OSSIFY_SYSROOT', `${sysroot} is not empty and not a sysroot`, {
        hint: 'initialize an empty directory (or an existing OSTree sysroot to add an OS)',
        subject: sysroot,
      });
    }
    for (const d of ['boot', 'dev', 'home', 'proc', 'run', 'sys', 'tmp', 'root', 'ostree/deploy']) {
      mkdirSync(path.join(sysroot, d), { recursive: true });
    }
    if (fresh) initRepo(repo, { mode: 'bare' });
    else openRepo(repo);
    const stateRoot = stateRootPath(sysroot, osname);
    for (const d of ['deploy', 'var/tmp', 'var/lib', 'var/log'])
      mkdirSync(path.join(stateRoot, d), { recursive: true });
    return { sysroot, osname, createdRepo: fresh };
  } catch (err) {
    wrapIoError(err, `initializing sysroot ${sysroot}`);
  }
}
