// Compose: a declarative manifest of Debian packages becomes a reproducible,
// deployable OS commit.
//   manifest-schema.ts      zod schema, Manifest type, JSON Schema
//   parse-manifest.ts       YAML -> Manifest with file:line:col errors (pure)
//   load-manifest.ts        reading the manifest and its lockfile
//   lockfile.ts             exact versions + timestamp (pure parse/render)
//   plan-compose.ts         manifest + lock -> ComposePlan (pure); compose-plan.ts its types
//   compose-manifest.ts     composeManifest: runs the plan, times phases, writes the lock
//   bootstrap-tree.ts       mmdebstrap with the shared apt cache and lock pins
//   apt-sources.ts          the machine's or the manifest's apt sources
//   prepare-base-tree.ts    tarball / directory / ref bases
//   apt-in-tree.ts          install/remove with the tree's apt in the sandbox
//   plan-accounts.ts        users/groups into passwd + sysusers.d (pure); apply-accounts.ts
//   apply-files.ts, apply-units.ts, apply-system-settings.ts, run-scripts.ts
//   run-in-tree.ts          bubblewrap sandbox (no network for scripts)
//   shape-tree.ts           immutable-system layout; var-tmpfiles.ts declares /var
//   commit-composed-tree.ts commit + metadata; commit-packages.ts reads it back
//   debian-version.ts       dpkg's version ordering; diff-packages.ts package diffs
export { manifestSchema, manifestJsonSchema, type Manifest } from './manifest-schema.js';
export { parseManifest, fieldName } from './parse-manifest.js';
export { loadManifest, loadLockfile, defaultLockPath } from './load-manifest.js';
export { parseLockfile, renderLockfile, type Lockfile } from './lockfile.js';
export { planCompose, manifestDigest, type PlanOptions } from './plan-compose.js';
export type { ComposePlan, ComposeStep, ComposePhase } from './compose-plan.js';
export {
  composeManifest,
  type ComposeOptions,
  type ComposeResult,
  type PhaseTiming,
} from './compose-manifest.js';
export { shapeTree, DPKG_DB_DIR } from './shape-tree.js';
export { parseDpkgStatus } from './dpkg-status.js';
export { compareDebianVersions } from './debian-version.js';
export {
  diffPackages,
  renderPackageDiff,
  packagesFromMetadata,
  type PackageDiff,
  type PackageChange,
} from './diff-packages.js';
export { commitPackages, diffCommitPackages } from './commit-packages.js';
export type { PackageEntry } from './package-entry.js';
