// ossify sysroot init --os NAME: an empty sysroot with its repository.
import type { CliCommand } from '../command.js';
import { stringOpt } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { InitResult } from '../../sysroot/index.js';
import { sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

export const sysrootInitCommand: CliCommand<InitResult> = {
  path: ['sysroot', 'init'],
  summary: 'create an empty OSTree sysroot (repository, boot, stateroot)',
  options: [
    sysrootOption,
    { flags: '--os <name>', description: 'the operating system (stateroot) to create' },
  ],
  async run(_args, opts) {
    const { initSysroot } = await sysrootLib();
    const os = stringOpt(opts, 'os');
    if (!os)
      throw new OssifyError('ERR_OSSIFY_USAGE', 'sysroot init needs --os NAME', { hint: 'e.g. --os debian' });
    return initSysroot(sysrootOf(opts), os);
  },
  render: (r) =>
    `initialized ${r.sysroot} with OS ${r.osname}${r.createdRepo ? ' and repository ostree/repo' : ''}`,
};
