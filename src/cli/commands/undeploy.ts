// ossify undeploy N: remove deployment N (never the booted one).
import type { CliCommand } from '../command.js';
import { indexArg, noFsyncOption, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

export const undeployCommand: CliCommand<{ removed: string }> = {
  path: ['undeploy'],
  summary: 'remove deployment N',
  args: ['<index>'],
  options: [sysrootOption, noFsyncOption],
  async run(args, opts) {
    const { undeploy } = await sysrootLib();
    return undeploy({ sysroot: sysrootOf(opts), index: indexArg(args[0]), fsync: opts.fsync !== false });
  },
  render: (r) => `removed ${r.removed}`,
};
