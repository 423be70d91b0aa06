// Commands that reorder or shrink the deployment list without creating one:
// rollback, undeploy, pin/unpin (which only rewrite an .origin) and kargs.
import { OssifyError } from '../core/errors.js';
import { keyfileSet } from '../core/keyfile.js';
import { editKargs, type KargEdit } from './boot-entry.js';
import { isPinned, TRANSIENT_GROUP, type Deployment } from './deployment.js';
import { describe } from './deploy.js';
import { originPath } from './layout.js';
import { planRollback, planUndeploy } from './plan-deployments.js';
import { writeOrigin } from './prepare-deployment.js';
import { runTransaction } from './transaction.js';
import { syncFilesystems } from './sync-dirs.js';

export interface SysrootOp {
  sysroot: string;
  fsync?: boolean;
}

export async function rollback(opts: SysrootOp): Promise<{ default: string; previous: string }> {
  const { result } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const next = planRollback(ctx);
    return { next, result: { default: describe(next[0]), previous: describe(ctx.current[0]) } };
  });
  return result;
}

export async function undeploy(opts: SysrootOp & { index: number }): Promise<{ removed: string }> {
  const { result } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const next = planUndeploy(ctx, opts.index);
    const target = ctx.current[opts.index];
    return { next, transition: { removing: [target] }, result: { removed: describe(target) } };
  });
  return result;
}

export async function setPinned(
  opts: SysrootOp & { index: number; pinned: boolean },
): Promise<{ deployment: string; pinned: boolean; changed: boolean }> {
  const { result } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const d = ctx.current[opts.index];
    if (!d) {
      throw new OssifyError('ERR_OSSIFY_USAGE', `no deployment with index ${opts.index}`, {
        hint: 'see "ossify status" for indexes',
        subject: String(opts.index),
      });
    }
    const changed = isPinned(d) !== opts.pinned;
    if (changed) {
      const origin = new Map([...d.origin].map(([g, e]) => [g, new Map(e)]));
      if (opts.pinned) keyfileSet(origin, TRANSIENT_GROUP, 'pinned', 'true');
      else origin.get(TRANSIENT_GROUP)?.delete('pinned');
      if (origin.get(TRANSIENT_GROUP)?.size === 0) origin.delete(TRANSIENT_GROUP);
      await writeOrigin(originPath(ctx.sysroot, d), origin);
      if (opts.fsync !== false) syncFilesystems([ctx.sysroot]);
    }
    return { next: null, result: { deployment: describe(d), pinned: opts.pinned, changed } };
  });
  return result;
}

export async function editDefaultKargs(
  opts: SysrootOp & { edit: KargEdit },
): Promise<{ deployment: string; kernelArgs: string[]; changed: boolean }> {
  const { result } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const def = ctx.current[0];
    if (!def)
      throw new OssifyError('ERR_OSSIFY_TRANSITION', 'there is no deployment to change', {
        hint: 'deploy one first',
      });
    const kernelArgs = editKargs(def.kernelArgs, opts.edit);
    if (kernelArgs.some((a) => a.startsWith('ostree='))) {
      throw new OssifyError('ERR_OSSIFY_USAGE', 'the ostree= kernel argument is managed by ossify', {
        hint: 'leave it out',
      });
    }
    const changed = kernelArgs.join(' ') !== def.kernelArgs.join(' ');
    const next: Deployment[] | null = changed ? [{ ...def, kernelArgs }, ...ctx.current.slice(1)] : null;
    return { next, result: { deployment: describe(def), kernelArgs, changed } };
  });
  return result;
}
