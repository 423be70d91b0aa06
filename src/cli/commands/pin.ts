// ossify pin N: keep deployment N whatever later deploys do.
import type { CliCommand } from '../command.js';
import { indexArg, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result = { deployment: string; pinned: boolean; changed: boolean };

export const pinCommand: CliCommand<Result> = {
  path: ['pin'],
  summary: 'pin deployment N so that deploy and cleanup keep it',
  args: ['<index>'],
  options: [sysrootOption],
  async run(args, opts) {
    const { setPinned } = await sysrootLib();
    return setPinned({ sysroot: sysrootOf(opts), index: indexArg(args[0]), pinned: true });
  },
  render: (r) => `${r.deployment} ${r.changed ? 'is now' : 'was already'} pinned`,
};
