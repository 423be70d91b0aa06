// Named crash points for crash-safety tests: when OSSIFY_CRASH_AT names this
// point, the process kills itself with SIGKILL right here, as a power cut or an
// OOM kill would, leaving whatever is on disk at that instant.
export function crashPoint(name: string): void {
  const want = process.env.OSSIFY_CRASH_AT;
  if (want !== undefined && want === name) process.kill(process.pid, 'SIGKILL');
}
