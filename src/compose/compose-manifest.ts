// `ossify compose`: manifest -> plan -> tree -> shaped tree -> commit, timing
// each phase. Everything happens in a private work folder; the ref moves only
// in the last step, so any failure leaves the repository's refs untouched.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OssifyError } from '../core/errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { openRepo, resolveRev } from '../store/index.js';
import { applyAccounts } from './apply-accounts.js';
import { applyFiles, checkFileSources } from './apply-files.js';
import { applySystemSettings } from './apply-system-settings.js';
import { applyUnits } from './apply-units.js';
import { installPackages, removePackages } from './apt-in-tree.js';
import { mirrorEntries, readHostAptSources, sourcesForSuite } from './apt-sources.js';
import { bootstrapTree } from './bootstrap-tree.js';
import { ossifyCacheDir } from './cache-dir.js';
import { commitComposedTree } from './commit-composed-tree.js';
import type { ComposePhase, ComposePlan, ComposeStep } from './compose-plan.js';
import { parseDpkgStatus } from './dpkg-status.js';
import { defaultLockPath, loadLockfile, loadManifest } from './load-manifest.js';
import { renderLockfile, samePackages } from './lockfile.js';
import type { PackageEntry } from './package-entry.js';
import { planCompose } from './plan-compose.js';
import { prepareBaseTree } from './prepare-base-tree.js';
import { runScripts } from './run-scripts.js';
import { DPKG_DB_DIR, shapeTree } from './shape-tree.js';

export interface ComposeOptions {
  manifest: string;
  repo: string;
  lock?: string;
  updateLock?: boolean;
  cacheDir?: string;
  /** Parent of the temporary work folder (default: os.tmpdir()). */
  workDir?: string;
  /** Keep the work folder (debugging). */
  keepWork?: boolean;
  /** `count` is how many phases this compose has (for progress bars). */
  onPhase?: (event: { phase: ComposePhase; state: 'start' | 'end'; ms?: number; count: number }) => void;
  onLine?: (line: string) => void;
  onCommitProgress?: (p: { files: number; bytes: number }) => void;
  /** false skips syncfs at commit (tests, throwaway repositories). */
  fsync?: boolean;
}

export interface PhaseTiming {
  phase: ComposePhase;
  ms: number;
}

export interface ComposeResult {
  ref: string;
  checksum: string;
  version: string;
  manifestDigest: string;
  timestamp: number;
  packages: number;
  kernels: string[];
  /** Packages fetched from the network (0 when the cache had them all). */
  downloaded: number;
  lock: string;
  lockWritten: boolean;
  phases: PhaseTiming[];
  totalMs: number;
}

function ossifyVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(path.resolve(here, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function sourcesFor(step: Extract<ComposeStep, { kind: 'bootstrap' }>): string[] {
  if (step.mirrors) return mirrorEntries(step.mirrors, step.suite, step.components);
  return sourcesForSuite(readHostAptSources(), step.suite, step.components);
}

function installedPackages(tree: string): PackageEntry[] {
  for (const rel of [DPKG_DB_DIR, 'var/lib/dpkg']) {
    const status = path.join(tree, rel, 'status');
    if (existsSync(status)) return parseDpkgStatus(readFileSync(status, 'utf8'));
  }
  return [];
}

/** A locked version the build did not install means the pins were not honoured. */
function checkLockHonoured(plan: ComposePlan, installed: PackageEntry[], pins: PackageEntry[]): void {
  if (plan.updateLock) return;
  const have = new Map(installed.map((p) => [`${p.name}:${p.arch}`, p.version]));
  const off = pins.filter(
    (p) => have.has(`${p.name}:${p.arch}`) && have.get(`${p.name}:${p.arch}`) !== p.version,
  );
  if (off.length) {
    const lines = off.map(
      (p) => `${p.name}: locked ${p.version}, installed ${have.get(`${p.name}:${p.arch}`)}`,
    );
    throw new OssifyError('ERR_OSSIFY_LOCKFILE', `the build did not honour the lock:\n${lines.join('\n')}`, {
      subject: off[0].name,
      hint: 'run compose with --update-lock to move the lock deliberately',
    });
  }
}

export async function composeManifest(opts: ComposeOptions): Promise<ComposeResult> {
  const started = Date.now();
  const manifestPath = path.resolve(opts.manifest);
  const manifest = loadManifest(manifestPath);
  const lockPath = path.resolve(opts.lock ?? defaultLockPath(manifestPath));
  const lock = loadLockfile(lockPath);
  // A lock written for another revision of the manifest keeps its versions but not its timestamp.
  const plan = planCompose(manifest, lock, {
    manifestDir: path.dirname(manifestPath),
    updateLock: opts.updateLock,
  });
  const sameInputs = lock !== null && lock.manifestDigest === plan.manifestDigest && !plan.updateLock;
  const envEpoch = process.env.SOURCE_DATE_EPOCH ? Number.parseInt(process.env.SOURCE_DATE_EPOCH, 10) : NaN;
  const epoch = sameInputs
    ? (lock as NonNullable<typeof lock>).timestamp
    : Number.isFinite(envEpoch)
      ? envEpoch
      : Math.floor(Date.now() / 1000);
  // Fail before any work on what can be checked up front: the repository, a base ref, source files.
  const repo = openRepo(opts.repo);
  for (const s of plan.steps) if (s.kind === 'base-tree' && s.from === 'ref') resolveRev(repo, s.location);
  for (const s of plan.steps) if (s.kind === 'files') checkFileSources(s.files);

  const cacheDir = opts.cacheDir ?? ossifyCacheDir();
  const work = mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), 'ossify-compose-'));
  const tree = path.join(work, 'tree');
  const phases: PhaseTiming[] = [];
  const planned = new Set(plan.steps.map((s) => s.phase));
  // mmdebstrap installs the manifest's packages itself, reported as the install phase.
  if (plan.steps.some((s) => s.kind === 'bootstrap' && s.include.length > 0)) planned.add('install');
  const count = planned.size;
  let current: { phase: ComposePhase; t0: number } | null = null;
  const enter = (phase: ComposePhase): void => {
    if (current?.phase === phase) return;
    leave();
    current = { phase, t0: Date.now() };
    opts.onPhase?.({ phase, state: 'start', count });
  };
  const leave = (): void => {
    if (!current) return;
    const ms = Date.now() - current.t0;
    phases.push({ phase: current.phase, ms });
    opts.onPhase?.({ phase: current.phase, state: 'end', ms, count });
    current = null;
  };

  let downloaded = 0;
  let kernels: string[] = [];
  let checksum = '';
  let installed: PackageEntry[] = [];
  try {
    for (const step of plan.steps) {
      enter(step.phase);
      switch (step.kind) {
        case 'bootstrap':
          ({ downloaded } = await bootstrapTree({
            step,
            target: tree,
            work: path.join(work, 'hooks'),
            cacheDir,
            sources: sourcesFor(step),
            sourceDateEpoch: epoch,
            onLine: (line) => {
              // mmdebstrap's own milestone: the essential set is in, the manifest's packages follow.
              if (line.startsWith('I: installing remaining packages')) enter('install');
              opts.onLine?.(line);
            },
          }));
          checkLockHonoured(plan, installedPackages(tree), step.pins);
          break;
        case 'base-tree':
          await prepareBaseTree(step, tree, opts.repo);
          break;
        case 'install':
          downloaded += (
            await installPackages(tree, {
              packages: step.packages,
              pins: step.pins,
              cacheDir,
              epoch,
              onLine: opts.onLine,
            })
          ).downloaded;
          break;
        case 'remove':
          await removePackages(tree, step.packages, epoch);
          break;
        case 'accounts':
          applyAccounts(tree, step.users, step.groups, epoch);
          break;
        case 'files':
          applyFiles(tree, step.files);
          break;
        case 'units':
          await applyUnits(tree, step);
          break;
        case 'system':
          await applySystemSettings(tree, step);
          break;
        case 'scripts':
          await runScripts(tree, step.scripts, { sourceDateEpoch: epoch, onLine: opts.onLine });
          break;
        case 'shape':
          installed = installedPackages(tree);
          ({ kernels } = shapeTree(tree));
          break;
        case 'commit':
          checksum = await commitComposedTree({
            repo: opts.repo,
            tree,
            ref: step.ref,
            subject: step.subject,
            timestamp: epoch,
            version: plan.version,
            manifestDigest: plan.manifestDigest,
            packages: installed,
            kernelArgs: manifest.kernel?.args ?? [],
            ossifyVersion: ossifyVersion(),
            fsync: opts.fsync,
            onProgress: opts.onCommitProgress,
          });
          break;
      }
    }
    leave();
  } finally {
    if (!opts.keepWork) rmSync(work, { recursive: true, force: true });
  }

  const newLock = {
    lockVersion: 1 as const,
    timestamp: epoch,
    manifestDigest: plan.manifestDigest,
    packages: installed,
  };
  const lockWritten =
    !lock || !sameInputs || lock.timestamp !== epoch || !samePackages(lock.packages, installed);
  if (lockWritten) writeFileAtomic(lockPath, renderLockfile(newLock));
  return {
    ref: plan.ref,
    checksum,
    version: plan.version,
    manifestDigest: plan.manifestDigest,
    timestamp: epoch,
    packages: installed.length,
    kernels,
    downloaded,
    lock: lockPath,
    lockWritten,
    phases,
    totalMs: Date.now() - started,
  };
}
