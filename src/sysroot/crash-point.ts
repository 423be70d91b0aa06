// Named crash points for atomicity tests: when OSSIFY_CRASH_AT names this point,
// the process kills itself with SIGKILL right here, exactly as a power cut or an
// OOM kill would, so no finally block or exit handler gets to tidy up.
// "NAME:N" crashes on the Nth pass (a point inside a loop, or cleanup, which
// runs both before and after the switch).
const passes = new Map<string, number>();

export function crashPoint(name: string): void {
  const want = process.env.OSSIFY_CRASH_AT;
  if (!want || !want.startsWith(name)) return;
  const n = (passes.get(name) ?? 0) + 1;
  passes.set(name, n);
  if (want === name || want === `${name}:${n}`) process.kill(process.pid, 'SIGKILL');
}

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
