// ossify kargs: show or edit the default deployment's kernel arguments.
import type { CliCommand } from '../command.js';
import { noFsyncOption, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result = { deployment: string; kernelArgs: string[]; changed: boolean };

export const kargsCommand: CliCommand<Result> = {
  path: ['kargs'],
  summary: 'show or edit kernel arguments of the default deployment',
  options: [
    sysrootOption,
    { flags: '--append <arg>', description: 'append an argument', repeatable: true },
    { flags: '--delete <arg>', description: 'delete KEY (all values) or KEY=VALUE', repeatable: true },
    { flags: '--replace <arg>', description: 'KEY=NEW or KEY=OLD=NEW', repeatable: true },
    noFsyncOption,
  ],
  async run(_args, opts) {
    const { editDefaultKargs } = await sysrootLib();
    return editDefaultKargs({
      sysroot: sysrootOf(opts),
      fsync: opts.fsync !== false,
      edit: {
        append: opts.append as string[] | undefined,
        delete: opts.delete as string[] | undefined,
        replace: opts.replace as string[] | undefined,
      },
    });
  },
  render: (r) => r.kernelArgs.join(' '),
};
