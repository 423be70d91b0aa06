// ossify etc diff [N]: what deployment N's /etc (default 0) changed against its defaults.
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { EtcDiffEntry } from '../../sysroot/index.js';
import { indexArg, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result = { deployment: string; changes: EtcDiffEntry[] };

export const etcDiffCommand: CliCommand<Result> = {
  path: ['etc', 'diff'],
  summary: "list what a deployment's /etc changed against its defaults (/usr/etc)",
  args: ['[index]'],
  options: [sysrootOption],
  async run(args, opts) {
    const { diffDeploymentEtc, readSysroot } = await sysrootLib();
    const sysroot = sysrootOf(opts);
    const { state } = readSysroot(sysroot);
    const i = args[0] === undefined ? 0 : indexArg(args[0]);
    const d = state.deployments[i];
    if (!d)
      throw new OssifyError('ERR_OSSIFY_USAGE', `no deployment with index ${i}`, {
        hint: 'see "ossify status"',
      });
    return { deployment: `${d.osname}/${d.checksum}.${d.serial}`, changes: diffDeploymentEtc(sysroot, d) };
  },
  render: (r) =>
    r.changes.length === 0
      ? `/etc of ${r.deployment} matches its defaults`
      : r.changes
          .map(
            (c) =>
              `${c.change === 'added' ? 'A' : c.change === 'removed' ? 'D' : 'M'} /etc/${c.path}${c.aspects ? ` (${c.aspects.join(', ')})` : ''}`,
          )
          .join('\n'),
};
