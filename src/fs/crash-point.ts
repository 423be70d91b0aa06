// Named crash points for crash-safety tests: when OSSIFY_CRASH_AT names this
// point, the process kills itself with SIGKILL right here, as a power cut or an
// OOM kill would, so no finally block or exit handler gets to tidy up.
// "NAME:N" crashes on the Nth pass (a point inside a loop, or cleanup, which
// runs both before and after a switch).
const passes = new Map<string, number>();

export function crashPoint(name: string): void {
  const want = process.env.OSSIFY_CRASH_AT;
  if (!want || !want.startsWith(name)) return;
  const n = (passes.get(name) ?? 0) + 1;
  passes.set(name, n);
  if (want === name || want === `${name}:${n}`) process.kill(process.pid, 'SIGKILL');
}
