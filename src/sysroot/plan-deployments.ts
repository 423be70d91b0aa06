// Pure planning of deployment lists. Every mutating command computes the new
// ordered list (index 0 boots by default) and has it checked by checkTransition
// before any byte is written.
import { OssifyError } from '../core/errors.js';
import { deploymentKey, isPinned, sameDeployment, type Deployment } from './deployment.js';
import type { DeploymentId } from './layout.js';

export interface PlanContext {
  current: Deployment[];
  booted: DeploymentId | null;
}

/**
 * New deployment first; of the same OS keep the `keep - 1` most recent others
 * (so `keep` counts the new one), plus every pinned and the booted deployment.
 * Other operating systems' deployments are never touched.
 */
export function planDeploy(ctx: PlanContext, added: Deployment, keep: number): Deployment[] {
  if (!Number.isInteger(keep) || keep < 1) {
    throw new OssifyError('ERR_OSSIFY_USAGE', `--keep must be a positive integer, got ${keep}`);
  }
  let room = keep - 1;
  const out = [added];
  for (const d of ctx.current) {
    if (d.osname !== added.osname) out.push(d);
    else if (isPinned(d) || (ctx.booted && sameDeployment(d, ctx.booted))) out.push(d);
    else if (room > 0) {
      out.push(d);
      room--;
    }
  }
  return out;
}

/** The rollback target: the next deployment of the default's OS after the default. */
export function rollbackIndex(list: Deployment[]): number | null {
  if (list.length < 2) return null;
  const i = list.findIndex((d, j) => j > 0 && d.osname === list[0].osname);
  return i < 0 ? null : i;
}

export function planRollback(ctx: PlanContext): Deployment[] {
  const i = rollbackIndex(ctx.current);
  if (i === null) {
    throw new OssifyError('ERR_OSSIFY_TRANSITION', 'there is no rollback deployment', {
      hint: 'a rollback needs at least two deployments of the same OS; see "ossify status"',
    });
  }
  return planMakeDefault(ctx, i);
}

/** Moves deployment `index` to the front; the old default becomes the rollback target. */
export function planMakeDefault(ctx: PlanContext, index: number): Deployment[] {
  const target = pick(ctx.current, index);
  const out = [target, ...ctx.current.filter((_d, i) => i !== index)];
  return out;
}

export function planUndeploy(ctx: PlanContext, index: number): Deployment[] {
  const target = pick(ctx.current, index);
  if (ctx.booted && sameDeployment(target, ctx.booted)) {
    throw new OssifyError(
      'ERR_OSSIFY_TRANSITION',
      `deployment ${index} is the booted one and cannot be removed`,
      {
        hint: 'boot another deployment first, or remove a different index (see "ossify status")',
        subject: String(index),
      },
    );
  }
  return ctx.current.filter((_d, i) => i !== index);
}

function pick(list: Deployment[], index: number): Deployment {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new OssifyError('ERR_OSSIFY_USAGE', `no deployment with index ${index}`, {
      hint: `indexes run from 0 to ${list.length - 1}; see "ossify status"`,
      subject: String(index),
    });
  }
  return list[index];
}

export interface TransitionOptions {
  /** The deployment this transition creates, if any. */
  added?: DeploymentId;
  /** Deployments the user asked to remove explicitly (undeploy may drop a pinned one). */
  removing?: DeploymentId[];
}

/** Refuses transitions that would leave the machine unbootable or drop what must stay. */
export function checkTransition(ctx: PlanContext, next: Deployment[], opts: TransitionOptions = {}): void {
  const fail = (msg: string, hint: string): never => {
    throw new OssifyError('ERR_OSSIFY_TRANSITION', msg, { hint });
  };
  if (next.length === 0)
    fail('the transition would leave no deployment to boot', 'keep at least one deployment');
  const seen = new Set<string>();
  for (const d of next) {
    const key = deploymentKey(d);
    if (seen.has(key)) fail(`deployment ${key} would appear twice`, 'this is a planning bug; report it');
    seen.add(key);
    const known =
      ctx.current.some((c) => sameDeployment(c, d)) || (opts.added && sameDeployment(opts.added, d));
    if (!known) fail(`deployment ${key} does not exist`, 'deploy it first');
  }
  for (const d of ctx.current) {
    if (seen.has(deploymentKey(d))) continue;
    const explicit = opts.removing?.some((r) => sameDeployment(r, d)) ?? false;
    if (ctx.booted && sameDeployment(d, ctx.booted)) {
      fail(`the booted deployment ${deploymentKey(d)} would be removed`, 'boot another deployment first');
    }
    if (isPinned(d) && !explicit) {
      fail(`pinned deployment ${deploymentKey(d)} would be removed`, 'unpin it first with "ossify unpin"');
    }
  }
}

/** Serial of each deployment among those sharing its boot checksum, in list order (as libostree assigns). */
export function assignBootSerials(list: Deployment[]): number[] {
  const counts = new Map<string, number>();
  return list.map((d) => {
    const key = d.bootChecksum;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return n;
  });
}

/** The next free serial for a checksum: past every listed deployment and every directory on disk. */
export function nextDeploySerial(
  checksum: string,
  osname: string,
  listed: DeploymentId[],
  onDisk: string[],
): number {
  let serial = 0;
  for (const d of listed)
    if (d.osname === osname && d.checksum === checksum) serial = Math.max(serial, d.serial + 1);
  for (const name of onDisk) {
    const m = /^([0-9a-f]{64})\.([0-9]+)$/.exec(name);
    if (m && m[1] === checksum) serial = Math.max(serial, Number(m[2]) + 1);
  }
  return serial;
}
