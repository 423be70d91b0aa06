// Runs an external tool (mmdebstrap, bwrap, tar...) and keeps the tail of its
// output for the error message; a failure is ERR_OSSIFY_TOOL_FAILED unless the
// caller maps it to something more precise.
import { spawn } from 'node:child_process';
import { OssifyError } from '../core/errors.js';

export interface ToolResult {
  code: number;
  /** Combined stdout+stderr, capped to the last 64 KiB. */
  output: string;
}

export interface RunToolOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** Called with each complete output line (progress). */
  onLine?: (line: string) => void;
}

const KEEP = 64 * 1024;

export function runTool(cmd: string, args: string[], opts: RunToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-KEEP);
      if (!opts.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) =>
      reject(
        new OssifyError('ERR_OSSIFY_TOOL_FAILED', `cannot run ${cmd}: ${err.message}`, {
          cause: err,
          hint: `install ${cmd} (see .ci/run)`,
        }),
      ),
    );
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
    if (child.stdin) {
      // A tool may exit without reading its input; its exit status tells what happened.
      child.stdin.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') reject(err);
      });
      child.stdin.end(opts.input);
    }
  });
}

/** Last lines of a tool's output, for an error message. */
export function tail(output: string, lines = 12): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

export async function runToolOrThrow(
  cmd: string,
  args: string[],
  opts: RunToolOptions = {},
): Promise<ToolResult> {
  const r = await runTool(cmd, args, opts);
  if (r.code !== 0) {
    throw new OssifyError(
      'ERR_OSSIFY_TOOL_FAILED',
      `${cmd} failed with status ${r.code}:\n${tail(r.output)}`,
      {
        subject: cmd,
      },
    );
  }
  return r;
}
