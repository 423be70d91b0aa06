// Options and helpers shared by the deployment commands (not a command itself).
import path from 'node:path';
import { OssifyError } from '../../core/errors.js';
import type { OptionSpec } from '../command.js';
import { stringOpt } from '../command.js';

export const sysrootOption: OptionSpec = {
  flags: '--sysroot <dir>',
  description: 'the sysroot to act on',
  default: '/',
};
export const osOption: OptionSpec = { flags: '--os <name>', description: 'the operating system (stateroot)' };
export const noFsyncOption: OptionSpec = {
  flags: '--no-fsync',
  description: 'skip the syncfs before switching (tests, throwaway sysroots)',
};

export function sysrootOf(opts: Record<string, unknown>): string {
  return path.resolve(stringOpt(opts, 'sysroot') ?? '/');
}

export function indexArg(value: string | undefined, what = 'index'): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new OssifyError(
      'ERR_OSSIFY_USAGE',
      `${what} must be a deployment index (0, 1, ...), got ${JSON.stringify(value)}`,
      {
        hint: 'see "ossify status" for indexes',
        subject: String(value),
      },
    );
  }
  return n;
}

/**
 * The sysroot library, loaded when a command runs rather than when the CLI
 * starts: every command file is imported at startup, and startup is paid by
 * every invocation (about 0.3 s of a 0.8 s deploy is module loading).
 */
export const sysrootLib = (): Promise<typeof import('../../sysroot/index.js')> =>
  import('../../sysroot/index.js');
