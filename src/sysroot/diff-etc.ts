// ossify etc diff: what a deployment's /etc changed against its defaults
// (/usr/etc): added, removed and modified paths, with what changed about them.
import path from 'node:path';
import { contentEqual, comparePaths, type EtcEntry, type EtcSnapshot } from './etc-entry.js';
import { deploymentPath } from './layout.js';
import type { Deployment } from './deployment.js';
import { scanEtc } from './scan-etc.js';

export interface EtcDiffEntry {
  path: string;
  change: 'added' | 'removed' | 'modified';
  /** For modified: which aspects differ. */
  aspects?: Array<'type' | 'content' | 'mode' | 'owner' | 'xattrs'>;
}

function aspects(a: EtcEntry, b: EtcEntry): NonNullable<EtcDiffEntry['aspects']> {
  if (a.type !== b.type) return ['type'];
  const out: NonNullable<EtcDiffEntry['aspects']> = [];
  if (!contentEqual(a, b)) out.push('content');
  if (a.type !== 'symlink' && a.mode !== b.mode) out.push('mode');
  if (a.uid !== b.uid || a.gid !== b.gid) out.push('owner');
  if (a.type !== 'symlink' && a.xattrs !== b.xattrs) out.push('xattrs');
  return out;
}

export function diffEtcSnapshots(defaults: EtcSnapshot, current: EtcSnapshot): EtcDiffEntry[] {
  const out: EtcDiffEntry[] = [];
  const paths = [...new Set([...defaults.keys(), ...current.keys()])].sort(comparePaths);
  for (const p of paths) {
    const a = defaults.get(p);
    const b = current.get(p);
    if (!a) out.push({ path: p, change: 'added' });
    else if (!b) out.push({ path: p, change: 'removed' });
    else {
      const x = aspects(a, b);
      if (x.length) out.push({ path: p, change: 'modified', aspects: x });
    }
  }
  return out;
}

export function diffDeploymentEtc(sysroot: string, d: Deployment): EtcDiffEntry[] {
  const dir = deploymentPath(sysroot, d);
  return diffEtcSnapshots(
    scanEtc(path.join(dir, 'usr', 'etc'), '/usr/etc'),
    scanEtc(path.join(dir, 'etc'), '/etc'),
  );
}
