// ossify cleanup: removes deployments and boot files no entry keeps (what every
// command's leftover pass does), then prunes repository objects that neither a
// ref nor a deployment reaches. Deployments are kept by their ostree/B/S/I refs.
import { crashPoint } from './crash-point.js';
import { pruneRepo } from './repo-port.js';
import { runTransaction } from './transaction.js';

export interface CleanupResult {
  deployments: string[];
  bootDirs: string[];
  objectsRemoved: number;
  bytesFreed: number;
}

export async function cleanupSysroot(opts: { sysroot: string; prune?: boolean }): Promise<CleanupResult> {
  const { result, removed } = await runTransaction(opts.sysroot, {}, async (ctx) => {
    let pruned = { objectsRemoved: 0, bytesFreed: 0 };
    if (opts.prune !== false) {
      pruned = await pruneRepo(ctx.repo, { refsOnly: true, keep: ctx.current.map((d) => d.checksum) });
      crashPoint('cleanup:after-prune');
    }
    return { next: null, result: pruned };
  });
  return { deployments: removed.deployments, bootDirs: removed.bootDirs, ...result };
}
