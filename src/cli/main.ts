// CLI entry: builds the commander program from the command table, runs the chosen
// command, renders its result (text or --json) and maps errors to exit codes.
//
// Exit codes: 0 success, 1 the command ran and found a problem (fsck damage,
// conflicts), 2 usage error, 3 a user-facing OssifyError, 70 an internal bug.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import type { CliCommand, RunContext } from './command.js';
import { entriesFor } from './commands/index.js';

export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;
export const EXIT_ERROR = 3;
export const EXIT_BUG = 70;

function packageVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const pkg = JSON.parse(readFileSync(path.resolve(here, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function makeContext(json: boolean, debug: boolean): RunContext {
  return {
    json,
    debug,
    progress: !json && process.stderr.isTTY === true,
    stdout: process.stdout,
    stderr: process.stderr,
    note(line: string) {
      if (!json) process.stderr.write(line + '\n');
    },
  };
}

function addCommand(program: Command, spec: CliCommand, outcome: { code: number }): void {
  let parent = program;
  for (const word of spec.path.slice(0, -1)) {
    const existing = parent.commands.find((c) => c.name() === word);
    parent = existing ?? parent.command(word).description(`${word} commands`);
  }
  const cmd = parent.command(spec.path[spec.path.length - 1]).description(spec.summary);
  for (const a of spec.args ?? []) cmd.argument(a);
  for (const o of spec.options ?? []) {
    if (o.repeatable) cmd.option(o.flags, o.description, collect);
    else if (o.default !== undefined) cmd.option(o.flags, o.description, o.default as string);
    else cmd.option(o.flags, o.description);
  }
  cmd.option('--json', 'print the result as JSON');
  cmd.action(async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const opts = command.optsWithGlobals() as Record<string, unknown>;
    const args = params.slice(0, params.length - 2).flat().filter((a) => a !== undefined) as string[];
    const ctx = makeContext(opts.json === true, opts.debug === true);
    const result = await spec.run(args, opts, ctx);
    if (ctx.json) {
      process.stdout.write(JSON.stringify(result, jsonReplacer, 2) + '\n');
    } else {
      const text = spec.render?.(result, ctx);
      if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
    outcome.code = spec.exitCode?.(result) ?? EXIT_OK;
  });
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

export async function buildProgram(outcome: { code: number }, argv: string[] = []): Promise<Command> {
  const program = new Command('ossify')
    .description('The machinery of an immutable Linux distribution')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const specs = await Promise.all(entriesFor(argv).map((e) => e.load()));
  for (const spec of specs) addCommand(program, spec, outcome);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const outcome = { code: EXIT_OK };
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    const program = await buildProgram(outcome, argv.slice(2));
    await program.parseAsync(argv);
    return outcome.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (err instanceof OssifyError) {
      if (json) process.stdout.write(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
      process.stderr.write(`ossify: ${err.message} [${err.code}]\n`);
      if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
      if (debug && err.stack) process.stderr.write(err.stack + '\n');
      return err.code === 'ERR_OSSIFY_USAGE' ? EXIT_USAGE : EXIT_ERROR;
    }
    process.stderr.write(`ossify: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (debug || !(err instanceof Error)) process.stderr.write(String((err as Error)?.stack ?? err) + '\n');
    else process.stderr.write('hint: this is a bug in ossify; run again with --debug and report the stack\n');
    return EXIT_BUG;
  }
}
