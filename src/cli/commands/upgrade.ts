// ossify upgrade: deploy the commit the default deployment's origin ref points
// at now, if it moved; the local repository only (pulling is `ossify pull`'s job).
import type { CliCommand } from '../command.js';
import { stringOpt } from '../command.js';
import type { DeployResult } from '../../sysroot/index.js';
import { noFsyncOption, osOption, sysrootLib, sysrootOf, sysrootOption } from './sysroot-common.js';
import { deployCommand } from './deploy.js';

export const upgradeCommand: CliCommand<DeployResult> = {
  path: ['upgrade'],
  summary: "deploy the newest commit of the default deployment's origin ref, if it changed",
  options: [
    sysrootOption,
    osOption,
    {
      flags: '--keep <n>',
      description: 'deployments of this OS to keep, the new one included',
      default: '2',
    },
    noFsyncOption,
  ],
  async run(_args, opts) {
    const { deploy } = await sysrootLib();
    return deploy({
      sysroot: sysrootOf(opts),
      osname: stringOpt(opts, 'os'),
      keep: Number(stringOpt(opts, 'keep') ?? '2'),
      fsync: opts.fsync !== false,
      onlyIfNew: true,
    });
  },
  render(r, ctx) {
    if (!r.changed) return `${r.osname} is up to date (${r.checksum})`;
    return deployCommand.render?.({ kind: 'deploy', ...r }, ctx);
  },
};
