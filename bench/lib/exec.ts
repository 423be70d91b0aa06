// Child processes for the benchmark: untimed helpers, the timed measurement under
// GNU time (one child, its own peak RSS), cache warming and cleanup.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from './types.js';

/** A tool exited non-zero: the benchmark stops and shows what the tool said. */
export class ToolFailure extends Error {
  constructor(
    readonly argv: string[],
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    super(`${argv.join(' ')} ${how}\n--- stderr ---\n${stderr.trimEnd() || '(empty)'}`);
    this.name = 'ToolFailure';
  }
}

// Keep only the tail of chatty output: enough for an error message, bounded memory.
const OUTPUT_TAIL = 64 * 1024;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runChild(cmd: Command): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = cmd.argv;
    const child = spawn(file, args, {
      cwd: cmd.cwd,
      env: cmd.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout = (stdout + s).slice(-OUTPUT_TAIL);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr = (stderr + s).slice(-OUTPUT_TAIL);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs an untimed command; returns its stdout or throws ToolFailure. */
export async function run(cmd: Command): Promise<string> {
  const r = await runChild(cmd);
  if (r.code !== 0) throw new ToolFailure(cmd.argv, r.code, r.signal, r.stderr, r.stdout);
  return r.stdout;
}

export interface Measurement {
  /** Wall-clock seconds from spawn to exit, measured here (ns clock). */
  seconds: number;
  /** Peak resident set of the measured process (GNU time %M), in KiB. */
  maxRssKiB: number;
  userSeconds: number;
  systemSeconds: number;
  /** 1-minute load average just before the run: other work on the machine skews times. */
  loadBefore: number;
}

const TIME = '/usr/bin/time';
let measureSeq = 0;

/**
 * Times one command. GNU time waits for exactly this child, so %M is its own peak RSS
 * (threads included), not the maximum over every child this process ever had, which is
 * what getrusage(RUSAGE_CHILDREN) in the runner would give.
 */
export async function measure(cmd: Command): Promise<Measurement> {
  const statsFile = path.join(os.tmpdir(), `ossify-bench-${process.pid}-${++measureSeq}.time`);
  const timed: Command = { ...cmd, argv: [TIME, '-o', statsFile, '-f', '%e %M %U %S', ...cmd.argv] };
  try {
    const loadBefore = os.loadavg()[0];
    const start = process.hrtime.bigint();
    const r = await runChild(timed);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.code !== 0) throw new ToolFailure(cmd.argv, r.code, r.signal, r.stderr, r.stdout);
    // On failure GNU time writes "Command exited with non-zero status N" first; the
    // format line is always last.
    const lines = readFileSync(statsFile, 'utf8').trim().split('\n');
    const [, rss, user, sys] = lines[lines.length - 1].split(' ').map(Number);
    if (![rss, user, sys].every(Number.isFinite))
      throw new Error(`cannot parse ${TIME} output: ${lines.join(' | ')}`);
    return { seconds, maxRssKiB: rss, userSeconds: user, systemSeconds: sys, loadBefore };
  } finally {
    rmSync(statsFile, { force: true });
  }
}

/** Flushes dirty pages so one run's write-back does not land in the next run's timing. */
export async function syncAll(): Promise<void> {
  await run({ argv: ['sync'] });
}

/** Reads every regular file under the paths (untimed) so the page cache is warm. */
export async function warm(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const devNull = openSync('/dev/null', 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('find', [...paths, '-type', 'f', '-exec', 'cat', '{}', '+'], {
        stdio: ['ignore', devNull, 'pipe'],
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (s: string) => {
        stderr = (stderr + s).slice(-OUTPUT_TAIL);
      });
      child.on('error', reject);
      child.on('close', (code, signal) =>
        code === 0 ? resolve() : reject(new ToolFailure(['find', ...paths], code, signal, stderr, '')),
      );
    });
  } finally {
    closeSync(devNull);
  }
}

/**
 * Removes a tree; never crosses into another file system. Deployment roots carry
 * the immutable flag (as OSTree's do), so deploy/* directories are released first.
 */
export async function removeTree(dir: string): Promise<void> {
  await run({
    argv: [
      'sh',
      '-c',
      'find "$1" -xdev -maxdepth 7 -path "*/ostree/deploy/*/deploy/*" -prune -type d -exec chattr -i {} + 2>/dev/null; exit 0',
      'sh',
      dir,
    ],
  });
  await run({ argv: ['rm', '-rf', '--one-file-system', '--', dir] });
}
