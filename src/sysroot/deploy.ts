// ossify deploy: a commit becomes the default deployment, the previous default
// becomes the rollback target. Also makes any kept deployment the default again
// (--index), which is how one goes back further than the rollback target.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { editKargs } from './boot-entry.js';
import type { EtcConflict } from './apply-etc-merge.js';
import { originRefspec, sameDeployment, type Deployment } from './deployment.js';
import { deployName, stateRootPath, validateOsName } from './layout.js';
import { nextDeploySerial, planDeploy, planMakeDefault } from './plan-deployments.js';
import { prepareDeployment } from './prepare-deployment.js';
import { readCommit, resolveRev } from './repo-port.js';
import { runTransaction, type TransactionContext } from './transaction.js';

export interface DeployOptions {
  sysroot: string;
  /** A ref or (a prefix of) a commit checksum; omitted: the origin refspec of the OS's current deployment (upgrade). */
  rev?: string;
  /** Do nothing when the commit is the one the OS's current deployment runs already (upgrade). */
  onlyIfNew?: boolean;
  osname?: string;
  /** deploy --karg: set (replace by key, or append). */
  kernelArgs?: string[];
  /** How many deployments of this OS to keep, the new one included (pinned and booted never count). */
  keep?: number;
  fsync?: boolean;
}

export interface DeployResult {
  /** False when onlyIfNew found nothing new to deploy. */
  changed: boolean;
  osname: string;
  checksum: string;
  id: string;
  etcConflicts: EtcConflict[];
  removed: string[];
}

/** The OS to deploy into: --os, or the default's, or the only stateroot there is. */
export function chooseOs(ctx: TransactionContext, requested?: string): string {
  if (requested) {
    validateOsName(requested);
    if (!existsSync(stateRootPath(ctx.sysroot, requested))) {
      throw new OssifyError('ERR_OSSIFY_SYSROOT', `no OS named ${requested} in ${ctx.sysroot}`, {
        hint: `create it with "ossify sysroot init --sysroot ${ctx.sysroot} --os ${requested}"`,
        subject: requested,
      });
    }
    return requested;
  }
  if (ctx.current.length) return ctx.current[0].osname;
  if (ctx.state.osnames.length === 1) return ctx.state.osnames[0];
  throw new OssifyError(
    'ERR_OSSIFY_USAGE',
    `choose an OS with --os (${ctx.state.osnames.join(', ') || 'none exists'})`,
    {
      hint: ctx.state.osnames.length
        ? 'pass --os NAME'
        : `create one with "ossify sysroot init --sysroot ${ctx.sysroot} --os NAME"`,
    },
  );
}

export async function deploy(opts: DeployOptions): Promise<DeployResult> {
  const { result, removed } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const osname = chooseOs(ctx, opts.osname);
    const merge =
      (ctx.booted && ctx.current.find((d) => sameDeployment(d, ctx.booted!) && d.osname === osname)) ||
      ctx.current.find((d) => d.osname === osname) ||
      null;
    const rev = opts.rev ?? (merge && originRefspec(merge));
    if (!rev) {
      throw new OssifyError(
        'ERR_OSSIFY_USAGE',
        `nothing to upgrade: ${osname} has no deployment with an origin ref`,
        {
          hint: 'deploy a ref first, e.g. "ossify deploy OS/stable"',
        },
      );
    }
    const checksum = resolveRev(ctx.repo, rev);
    if (opts.onlyIfNew && merge && merge.checksum === checksum) {
      return {
        next: null,
        result: {
          changed: false,
          osname,
          checksum,
          id: deployName(merge),
          etcConflicts: [] as EtcConflict[],
        },
      };
    }
    // `ostree admin os-init` creates only OS/var; the deploy directory comes with the first deployment.
    const deployDir = path.join(stateRootPath(ctx.sysroot, osname), 'deploy');
    mkdirSync(deployDir, { recursive: true });
    const onDisk = readdirSync(deployDir);
    const serial = nextDeploySerial(checksum, osname, ctx.current, onDisk);
    const id = { osname, checksum, serial };
    const kernelArgs = editKargs(baseKargs(ctx, merge, checksum), { set: opts.kernelArgs ?? [] });
    const refspec = /^[0-9a-f]+$/.test(rev) && checksum.startsWith(rev) ? checksum : rev;
    const prepared = await prepareDeployment({
      sysroot: ctx.sysroot,
      repo: ctx.repo,
      id,
      refspec,
      merge,
      kernelArgs,
    });
    const next = planDeploy(ctx, prepared.deployment, opts.keep ?? 2);
    return {
      next,
      transition: { added: id },
      result: { changed: true, osname, checksum, id: deployName(id), etcConflicts: prepared.conflicts },
    };
  });
  return { ...result, removed: removed.deployments };
}

/** Kernel arguments an image asks for (compose records them as ossify.kargs). */
function imageKargs(ctx: TransactionContext, checksum: string): string[] {
  let v: unknown;
  try {
    v = readCommit(ctx.repo, checksum).metadata['ossify.kargs'];
  } catch {
    return []; // a deployment whose commit is gone has no image arguments to compare
  }
  return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * Arguments to start from: the image's own on a first deploy; on an upgrade the
 * running deployment's (the operator's edits), with whatever the new image adds
 * or changes over the old image set on top, and what it dropped removed.
 */
function baseKargs(ctx: TransactionContext, merge: Deployment | null | undefined, checksum: string): string[] {
  const next = imageKargs(ctx, checksum);
  if (!merge) return next;
  const before = imageKargs(ctx, merge.checksum);
  return editKargs(merge.kernelArgs, {
    delete: before.filter((a) => !next.includes(a)),
    set: next.filter((a) => !before.includes(a)),
  });
}

export interface MakeDefaultOptions {
  sysroot: string;
  index: number;
  fsync?: boolean;
}

/** deploy --index N: an already kept deployment becomes the default again. */
export async function makeDefault(
  opts: MakeDefaultOptions,
): Promise<{ default: string; previous: string | null }> {
  const { result } = await runTransaction(opts.sysroot, opts, async (ctx) => {
    const next = planMakeDefault(ctx, opts.index);
    return {
      next,
      result: { default: describe(next[0]), previous: ctx.current[0] ? describe(ctx.current[0]) : null },
    };
  });
  return result;
}

export function describe(d: Deployment): string {
  return `${d.osname}/${deployName(d)}`;
}
