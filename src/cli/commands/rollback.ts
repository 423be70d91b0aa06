// ossify rollback: the rollback deployment becomes the default, atomically.
import type { CliCommand } from '../command.js';
import { noFsyncOption, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

export const rollbackCommand: CliCommand<{ default: string; previous: string }> = {
  path: ['rollback'],
  summary: 'make the rollback deployment the default (the current default becomes the rollback)',
  options: [sysrootOption, noFsyncOption],
  async run(_args, opts) {
    const { rollback } = await sysrootLib();
    return rollback({ sysroot: sysrootOf(opts), fsync: opts.fsync !== false });
  },
  render: (r) => `default is now ${r.default} (rollback: ${r.previous})`,
};
