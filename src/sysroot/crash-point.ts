// Named crash points for atomicity tests: when OSSIFY_CRASH_AT names this point,
// the process kills itself with SIGKILL right here, exactly as a power cut or an
// OOM kill would, so no finally block or exit handler gets to tidy up.
export function crashPoint(name: string): void {
  if (process.env.OSSIFY_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}

/** Every crash point the sysroot code passes through, in transaction order (for tests). */
export const SYSROOT_CRASH_POINTS = [
  'deploy:after-checkout',
  'deploy:after-etc',
  'deploy:after-origin',
  'boot:after-kernel',
  'boot:after-entries',
  'boot:before-swap',
  'boot:after-swap',
  'cleanup:after-loader',
  'cleanup:mid-deployments',
  'cleanup:after-prune',
] as const;
