// Pure planning: manifest + lock -> ComposePlan. No I/O, no clock: the same
// inputs always give the same plan (tested), which is what reproducibility rests on.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Lockfile } from './lockfile.js';
import type { Manifest } from './manifest-schema.js';
import type { ComposePlan, ComposeStep, PlannedFile } from './compose-plan.js';

export interface PlanOptions {
  /** Folder that relative `source:` paths are resolved against. */
  manifestDir: string;
  updateLock?: boolean;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** sha256 of the manifest's canonical JSON: comments and key order don't change it. */
export function manifestDigest(manifest: Manifest): string {
  return (
    'sha256:' +
    createHash('sha256')
      .update(JSON.stringify(canonical(manifest)))
      .digest('hex')
  );
}

function parseMode(mode: string | number | undefined): number {
  if (mode === undefined) return 0o644;
  return typeof mode === 'number' ? mode : Number.parseInt(mode, 8);
}

function planFiles(manifest: Manifest, manifestDir: string): PlannedFile[] {
  return (manifest.files ?? []).map((f) => {
    const [owner, group] = (f.owner ?? 'root').split(':');
    return {
      path: f.path,
      ...(f.content !== undefined
        ? { content: f.content }
        : { source: path.resolve(manifestDir, f.source ?? '') }),
      mode: parseMode(f.mode),
      owner,
      group: group ?? owner,
    };
  });
}

export function planCompose(manifest: Manifest, lock: Lockfile | null, opts: PlanOptions): ComposePlan {
  const updateLock = opts.updateLock === true;
  const pins = lock && !updateLock ? lock.packages : [];
  const packages = manifest.packages ?? [];
  const steps: ComposeStep[] = [];
  const base = manifest.base;
  if (base.suite !== undefined) {
    const mirror =
      base.mirror === undefined ? null : Array.isArray(base.mirror) ? base.mirror : [base.mirror];
    steps.push({
      kind: 'bootstrap',
      phase: 'bootstrap',
      suite: base.suite,
      variant: base.variant ?? 'minbase',
      ...(base.arch ? { arch: base.arch } : {}),
      components: base.components ?? ['main'],
      mirrors: mirror,
      include: packages,
      pins,
    });
  } else {
    const from = base.tarball !== undefined ? 'tarball' : base.directory !== undefined ? 'directory' : 'ref';
    const location = base.tarball ?? base.directory ?? base.ref ?? '';
    steps.push({
      kind: 'base-tree',
      phase: 'bootstrap',
      from,
      location: from === 'ref' ? location : path.resolve(opts.manifestDir, location),
    });
    if (packages.length) steps.push({ kind: 'install', phase: 'install', packages, pins });
  }
  if (manifest.remove?.length) steps.push({ kind: 'remove', phase: 'install', packages: manifest.remove });
  if (manifest.groups?.length || manifest.users?.length) {
    steps.push({
      kind: 'accounts',
      phase: 'files',
      users: manifest.users ?? [],
      groups: manifest.groups ?? [],
    });
  }
  if (manifest.files?.length)
    steps.push({ kind: 'files', phase: 'files', files: planFiles(manifest, opts.manifestDir) });
  const units = manifest.units;
  if (units && (units.enable?.length || units.disable?.length || units.mask?.length)) {
    steps.push({
      kind: 'units',
      phase: 'files',
      enable: units.enable ?? [],
      disable: units.disable ?? [],
      mask: units.mask ?? [],
    });
  }
  steps.push({
    kind: 'system',
    phase: 'files',
    ...(manifest.hostname ? { hostname: manifest.hostname } : {}),
    ...(manifest.timezone ? { timezone: manifest.timezone } : {}),
    ...(manifest.locale ? { locale: manifest.locale } : {}),
    kernelArgs: manifest.kernel?.args ?? [],
  });
  const scripts = (manifest.scripts ?? []).map((s, i) =>
    typeof s === 'string'
      ? { name: `script ${i + 1}`, run: s }
      : { name: s.name ?? `script ${i + 1}`, run: s.run },
  );
  if (scripts.length) steps.push({ kind: 'scripts', phase: 'scripts', scripts });
  steps.push({ kind: 'shape', phase: 'shaping' });
  const version = String(manifest.version);
  steps.push({ kind: 'commit', phase: 'commit', ref: manifest.ref, subject: `${manifest.os} ${version}` });
  return {
    ref: manifest.ref,
    os: manifest.os,
    version,
    manifestDigest: manifestDigest(manifest),
    timestamp: lock && !updateLock ? lock.timestamp : null,
    updateLock,
    steps,
  };
}
