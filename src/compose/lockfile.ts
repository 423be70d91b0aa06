// The lockfile pins every package of a composed tree to an exact version and
// fixes the build timestamp, so the same manifest + lock gives the same commit.
// Format: JSON, one package per line, stable order (reviewable in git diffs).
import { OssifyError } from '../core/errors.js';
import { sortPackages, type PackageEntry } from './package-entry.js';

export interface Lockfile {
  lockVersion: 1;
  /** Seconds since the epoch: SOURCE_DATE_EPOCH for the build and the commit timestamp. */
  timestamp: number;
  /** Digest of the manifest the lock was written for: same manifest + lock => same commit. */
  manifestDigest: string;
  packages: PackageEntry[];
}

export function parseLockfile(text: string, file = 'lockfile'): Lockfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new OssifyError('ERR_OSSIFY_LOCKFILE', `${file}: not valid JSON: ${(err as Error).message}`, {
      subject: file,
      hint: 'delete the lockfile or run with --update-lock to write a new one',
    });
  }
  const bad = (why: string): never => {
    throw new OssifyError('ERR_OSSIFY_LOCKFILE', `${file}: ${why}`, {
      subject: file,
      hint: 'run with --update-lock to write a new lockfile',
    });
  };
  const d = data as Partial<Record<string, unknown>>;
  if (typeof d !== 'object' || d === null || d.lockVersion !== 1) bad('unsupported lockVersion (expected 1)');
  if (typeof d.timestamp !== 'number' || !Number.isInteger(d.timestamp) || d.timestamp < 0)
    bad('timestamp must be a non-negative integer');
  if (typeof d.manifestDigest !== 'string') bad('manifestDigest must be a string');
  if (!Array.isArray(d.packages)) bad('packages must be a list');
  const packages: PackageEntry[] = [];
  for (const [i, p] of (d.packages as unknown[]).entries()) {
    // "name=version:arch" keeps the file one short line per package.
    const m = typeof p === 'string' ? /^([a-z0-9][a-z0-9+.-]+)=([^=\s]+):([a-z0-9-]+)$/.exec(p) : null;
    if (!m) bad(`packages[${i}] must be "name=version:arch", got ${JSON.stringify(p)}`);
    else packages.push({ name: m[1], version: m[2], arch: m[3] });
  }
  return {
    lockVersion: 1,
    timestamp: d.timestamp as number,
    manifestDigest: d.manifestDigest as string,
    packages: sortPackages(packages),
  };
}

export function renderLockfile(lock: Lockfile): string {
  const rows = sortPackages(lock.packages).map(
    (p) => `    ${JSON.stringify(`${p.name}=${p.version}:${p.arch}`)}`,
  );
  return (
    `{\n  "lockVersion": 1,\n  "timestamp": ${lock.timestamp},\n  "manifestDigest": ${JSON.stringify(lock.manifestDigest)},\n  "packages": [\n` +
    rows.join(',\n') +
    (rows.length ? '\n' : '') +
    '  ]\n}\n'
  );
}

/** Same packages at the same versions (timestamp aside). */
export function samePackages(a: PackageEntry[], b: PackageEntry[]): boolean {
  const x = sortPackages(a);
  const y = sortPackages(b);
  return (
    x.length === y.length &&
    x.every((p, i) => p.name === y[i].name && p.version === y[i].version && p.arch === y[i].arch)
  );
}
