// The shape of one CLI command. Each file in cli/commands/ exports one CliCommand:
// its words, arguments and options, a `run` that calls the library and returns
// data, and a `render` that turns that data into text. main.ts wires them into
// commander; --json prints the data itself, so every command that reports state
// has a machine-readable form for free.
import type { Writable } from 'node:stream';

export interface OptionSpec {
  /** commander flag syntax, e.g. '--branch <ref>', '--fsync <bool>', '--copy'. */
  flags: string;
  description: string;
  default?: unknown;
  /** Collect every occurrence into an array (e.g. --add-metadata K=V ...). */
  repeatable?: boolean;
}

export interface RunContext {
  json: boolean;
  debug: boolean;
  /** True when progress may be drawn: stderr is a TTY and --json is off. */
  progress: boolean;
  stdout: Writable;
  stderr: Writable;
  /** Informational line to stderr (suppressed in --json mode). */
  note(line: string): void;
}

export interface CliCommand<R = unknown> {
  /** Words under `ossify`, e.g. ['repo', 'commit']. */
  path: string[];
  summary: string;
  /** commander argument syntax, e.g. ['<ref>', '[dest]']. */
  args?: string[];
  options?: OptionSpec[];
  run(args: string[], opts: Record<string, unknown>, ctx: RunContext): Promise<R>;
  /** Text form of the result; omitted or empty means print nothing. */
  render?(result: R, ctx: RunContext): string | undefined;
  /** Exit status derived from the result (e.g. fsck found damage). Default 0. */
  exitCode?(result: R): number;
}

/** Reads a string option, or throws a usage error naming it. */
export function stringOpt(opts: Record<string, unknown>, key: string): string | undefined {
  const v = opts[key];
  if (v === undefined || v === null) return undefined;
  return String(v);
}
