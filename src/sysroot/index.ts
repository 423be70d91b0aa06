// Deployments: many OS versions side by side in an OSTree sysroot, an atomic
// switch, rollback and a three-way /etc merge.
//   load-sysroot        read boot/loader entries -> ordered deployments
//   plan-deployments    pure: next deployment lists, transition checks
//   plan-etc-merge      pure: the /etc three-way merge plan (apply-etc-merge writes it)
//   write-boot-config   the atomic switch: loader.N + bootlinks, syncfs, one rename
//   transaction         lock -> load -> clean leftovers -> plan -> check -> switch
//   deploy / change-default / cleanup / init-sysroot   the operations
//   host-document       the typed Host document and its JSON Schema
export { initSysroot, type InitResult } from './init-sysroot.js';
export { deploy, makeDefault, type DeployOptions, type DeployResult } from './deploy.js';
export { rollback, undeploy, setPinned, editDefaultKargs } from './change-default.js';
export { cleanupSysroot, type CleanupResult } from './cleanup.js';
export { loadSysroot, assertSysroot, type SysrootState } from './load-sysroot.js';
export { readSysroot } from './transaction.js';
export { buildHost } from './build-host.js';
export {
  HostSchema,
  DeploymentStatusSchema,
  hostJsonSchema,
  type Host,
  type DeploymentStatus,
} from './host-document.js';
export { planEtcMerge, etcConflictPaths, NEW_SUFFIX, type EtcAction } from './plan-etc-merge.js';
export { mergeText } from './merge-text.js';
export { diffDeploymentEtc, diffEtcSnapshots, type EtcDiffEntry } from './diff-etc.js';
export { verifyDeployment, type VerifyDifference } from './verify-deployment.js';
export { editKargs, splitKargs, type KargEdit } from './boot-entry.js';
export { crashPoint, SYSROOT_CRASH_POINTS } from './crash-point.js';
export type { Deployment } from './deployment.js';
