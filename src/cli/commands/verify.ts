// ossify verify [N]: compare deployment N (default 0) with its commit; exit 1 on differences.
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { VerifyDifference } from '../../sysroot/index.js';
import { indexArg, sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

type Result = { deployment: string; differences: VerifyDifference[] };

export const verifyCommand: CliCommand<Result> = {
  path: ['verify'],
  summary: 'compare a deployment with its commit (content, mode, owner, xattrs)',
  args: ['[index]'],
  options: [sysrootOption],
  async run(args, opts) {
    const { readSysroot, verifyDeployment } = await sysrootLib();
    const sysroot = sysrootOf(opts);
    const { state, repo } = readSysroot(sysroot);
    const i = args[0] === undefined ? 0 : indexArg(args[0]);
    const d = state.deployments[i];
    if (!d)
      throw new OssifyError('ERR_OSSIFY_USAGE', `no deployment with index ${i}`, {
        hint: 'see "ossify status"',
      });
    if (!repo) throw new OssifyError('ERR_OSSIFY_SYSROOT', `no repository in ${sysroot}/ostree/repo`);
    return {
      deployment: `${d.osname}/${d.checksum}.${d.serial}`,
      differences: verifyDeployment(sysroot, repo, d),
    };
  },
  render: (r) =>
    r.differences.length === 0
      ? `${r.deployment} matches its commit`
      : r.differences
          .map(
            (x) =>
              `${x.kind} ${x.path}${x.expected !== undefined ? ` (expected ${x.expected}, found ${x.actual ?? '-'})` : ''}`,
          )
          .join('\n'),
  exitCode: (r) => (r.differences.length ? 1 : 0),
};
