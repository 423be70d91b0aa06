// The command table: every CLI command, in the order `ossify --help` lists them.
// Add a command by writing cli/commands/<name>.ts and one line here.
import type { CliCommand } from '../command.js';

export const commands: CliCommand<any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
