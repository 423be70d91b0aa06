// The crash points the sysroot code passes through (crashPoint itself lives in fs/).
export { crashPoint } from '../fs/crash-point.js';

/** Every crash point the sysroot code passes through, in transaction order (for tests). */
export const SYSROOT_CRASH_POINTS = [
  'cleanup:after-loader',
  'deploy:after-checkout',
  'deploy:after-etc',
  'deploy:after-origin',
  'boot:after-kernel',
  'boot:after-entries',
  'boot:before-swap',
  'boot:after-swap',
  'cleanup:after-loader:2',
  'cleanup:mid-deployments',
  'cleanup:after-prune',
] as const;
