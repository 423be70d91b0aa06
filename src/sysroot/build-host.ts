// Turns the loaded sysroot state into the Host document: each deployment's
// commit facts come from the repository, its roles from the boot order.
import type { Keyfile } from '../core/keyfile.js';
import { etcConflicts, isPinned, originRefspec, sameDeployment, type Deployment } from './deployment.js';
import type { Host, DeploymentStatus } from './host-document.js';
import type { DeploymentId } from './layout.js';
import type { SysrootState } from './load-sysroot.js';
import { rollbackIndex } from './plan-deployments.js';
import { readCommit, type Repo } from './repo-port.js';

function originToJson(kf: Keyfile): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [g, entries] of kf) out[g] = Object.fromEntries(entries);
  return out;
}

export function describeDeployment(
  repo: Repo | null,
  d: Deployment,
  index: number,
  booted: DeploymentId | null,
): DeploymentStatus {
  let version: string | null = null;
  let subject: string | null = null;
  let timestamp: string | null = null;
  if (repo) {
    try {
      const c = readCommit(repo, d.checksum);
      version = typeof c.metadata.version === 'string' ? c.metadata.version : null;
      subject = c.subject;
      timestamp = c.timestamp.toISOString();
    } catch {
      // A pruned or foreign commit leaves the deployment bootable; report what is known.
    }
  }
  return {
    index,
    id: `${d.checksum}.${d.serial}`,
    osname: d.osname,
    checksum: d.checksum,
    serial: d.serial,
    ref: originRefspec(d),
    version,
    subject,
    timestamp,
    origin: originToJson(d.origin),
    kernelArgs: d.kernelArgs,
    kernelVersion: d.kernelVersion,
    bootChecksum: d.bootChecksum,
    pinned: isPinned(d),
    booted: booted !== null && sameDeployment(d, booted),
    etcConflicts: etcConflicts(d),
  };
}

export function buildHost(state: SysrootState, repo: Repo | null, booted: DeploymentId | null): Host {
  const all = state.deployments.map((d, i) => describeDeployment(repo, d, i, booted));
  const def = all[0] ?? null;
  const rb = rollbackIndex(state.deployments);
  const rollback = rb === null ? null : all[rb];
  const bootedStatus = all.find((d) => d.booted) ?? null;
  const roles = new Set([def, rollback, bootedStatus].filter((d) => d !== null));
  return {
    apiVersion: 'ossify.dev/v1',
    kind: 'Host',
    metadata: { sysroot: state.path },
    spec: {
      os: def?.osname ?? null,
      image: def ? { ref: def.ref, checksum: def.checksum } : null,
      kernelArgs: def?.kernelArgs ?? [],
      bootOrder: all.map((d) => `${d.osname}/${d.id}`),
    },
    status: {
      booted: bootedStatus,
      staged: null,
      default: def,
      rollback,
      pinned: all.filter((d) => d.pinned),
      other: all.filter((d) => !roles.has(d) && !d.pinned),
      deployments: all,
      bootVersion: state.bootVersion,
    },
  };
}
