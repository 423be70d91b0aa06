// The frame of every mutating command: lock, load, clean leftovers, let the
// command plan the next deployment list (and prepare what it needs), check the
// transition, switch atomically, then remove what the new state no longer keeps.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, wrapIoError } from '../core/errors.js';
import { cleanupLeftovers, type CleanupReport } from './cleanup-leftovers.js';
import type { Deployment } from './deployment.js';
import { findBooted, probeBooted } from './find-booted.js';
import { repoPath, type DeploymentId } from './layout.js';
import { assertSysroot, loadSysroot, type SysrootState } from './load-sysroot.js';
import { checkTransition, type PlanContext, type TransitionOptions } from './plan-deployments.js';
import { openRepo, readCommit, type Repo } from './repo-port.js';
import { withSysrootLock } from './sysroot-lock.js';
import { writeBootConfig } from './write-boot-config.js';

export interface TransactionContext extends PlanContext {
  sysroot: string;
  state: SysrootState;
  repo: Repo;
}

export interface Plan<T> {
  /** The next deployment list, or null when the command changes nothing that boots. */
  next: Deployment[] | null;
  transition?: TransitionOptions;
  result: T;
}

export interface TransactionOptions {
  fsync?: boolean;
}

export async function runTransaction<T>(
  sysroot: string,
  opts: TransactionOptions,
  plan: (ctx: TransactionContext) => Promise<Plan<T>>,
): Promise<{ result: T; removed: CleanupReport; state: SysrootState }> {
  assertSysroot(sysroot); // fails with ERR_OSSIFY_SYSROOT before creating a lock file in a foreign directory
  return withSysrootLock(sysroot, async () => {
    refuseStagedDeployment(sysroot);
    const state = loadSysroot(sysroot);
    const repo = openRepo(repoPath(sysroot));
    const booted = findBooted(sysroot, state.deployments, probeBooted(sysroot));
    const before = cleanupLeftovers(state, repo);
    const ctx: TransactionContext = { sysroot, state, repo, current: state.deployments, booted };
    const planned = await plan(ctx);
    if (planned.next === null) return { result: planned.result, removed: before, state };
    checkTransition(ctx, planned.next, planned.transition);
    writeBootConfig({
      sysroot,
      repo,
      bootVersion: state.bootVersion,
      deployments: planned.next,
      versionOf: (d) => commitVersion(repo, d),
      fsync: opts.fsync !== false,
    });
    const after = loadSysroot(sysroot);
    const removed = cleanupLeftovers(after, repo);
    return {
      result: planned.result,
      removed: {
        deployments: [...before.deployments, ...removed.deployments],
        bootDirs: [...before.bootDirs, ...removed.bootDirs],
      },
      state: after,
    };
  });
}

export function commitVersion(repo: Repo, d: DeploymentId): string | null {
  try {
    const v = readCommit(repo, d.checksum).metadata.version;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** For read-only commands: the state, the repository when present, and the booted deployment. */
export function readSysroot(sysroot: string): {
  state: SysrootState;
  repo: Repo | null;
  booted: DeploymentId | null;
} {
  try {
    const state = loadWithoutLock(sysroot);
    let repo: Repo | null = null;
    try {
      repo = openRepo(repoPath(sysroot));
    } catch {
      repo = null;
    }
    return { state, repo, booted: findBooted(sysroot, state.deployments, probeBooted(sysroot)) };
  } catch (err) {
    wrapIoError(err, `reading sysroot ${sysroot}`);
  }
}

/**
 * Readers take no lock, so a writer may delete the old loader.N between our
 * readlink of boot/loader and reading its entries; the switch itself is atomic,
 * so reading again sees the new state.
 */
function loadWithoutLock(sysroot: string): SysrootState {
  for (let attempt = 0; ; attempt++) {
    try {
      return loadSysroot(sysroot);
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      const vanished = (cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      if (!vanished || attempt >= 2) throw err;
    }
  }
}

/** Where libostree records a deployment staged for the next shutdown (booted systems only). */
export const OSTREE_STAGED_PATH = '/run/ostree/staged-deployment';

/**
 * A deployment staged by `ostree admin deploy --stage` is on disk but in no boot
 * entry until ostree-finalize-staged runs at shutdown; our leftover cleanup would
 * take it for debris. Refuse instead of breaking ostree's pending update.
 */
function refuseStagedDeployment(sysroot: string): void {
  if (path.resolve(sysroot) === '/' && existsSync(OSTREE_STAGED_PATH)) {
    throw new OssifyError(
      'ERR_OSSIFY_TRANSITION',
      `a deployment staged by ostree is pending (${OSTREE_STAGED_PATH})`,
      {
        hint: 'reboot to finalize it, or drop it with "ostree admin undeploy 0", then run this again',
        subject: OSTREE_STAGED_PATH,
      },
    );
  }
}
