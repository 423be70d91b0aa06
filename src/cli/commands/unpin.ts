// ossify unpin N: deployment N goes back to normal retention.
import type { CliCommand } from '../command.js';
import { indexArg, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result = { deployment: string; pinned: boolean; changed: boolean };

export const unpinCommand: CliCommand<Result> = {
  path: ['unpin'],
  summary: 'unpin deployment N',
  args: ['<index>'],
  options: [sysrootOption],
  async run(args, opts) {
    const { setPinned } = await sysrootLib();
    return setPinned({ sysroot: sysrootOf(opts), index: indexArg(args[0]), pinned: false });
  },
  render: (r) => `${r.deployment} ${r.changed ? 'is no longer' : 'was not'} pinned`,
};
