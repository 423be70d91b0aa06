// Runs the real peer tools and the compiled ossify CLI from tests.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OSSIFY_BIN = path.join(ROOT, 'bin', 'ossify.js');

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function result(r: SpawnSyncReturns<string>): RunResult {
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a command; throws with its stderr unless it exits 0. */
export function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): string {
  const r = tryRun(cmd, args, opts);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  }
  return r.stdout;
}

export function tryRun(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): RunResult {
  return result(
    spawnSync(cmd, args, {
      encoding: 'utf8',
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      input: opts.input,
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** The compiled CLI, as users run it. */
export function ossify(args: string[], opts: { env?: Record<string, string> } = {}): RunResult {
  return tryRun(process.execPath, [OSSIFY_BIN, ...args], opts);
}

export function ostree(args: string[]): string {
  return run('ostree', args);
}
