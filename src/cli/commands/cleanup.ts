// ossify cleanup: remove unreferenced deployments and boot files, prune the repository.
import type { CliCommand } from '../command.js';
import type { CleanupResult } from '../../sysroot/index.js';
import { sysrootOf, sysrootOption, sysrootLib } from './sysroot-common.js';

export const cleanupCommand: CliCommand<CleanupResult> = {
  path: ['cleanup'],
  summary: 'remove deployments and boot files nothing keeps, then prune unreachable objects',
  options: [sysrootOption, { flags: '--no-prune', description: 'leave the repository alone' }],
  async run(_args, opts) {
    const { cleanupSysroot } = await sysrootLib();
    return cleanupSysroot({ sysroot: sysrootOf(opts), prune: opts.prune !== false });
  },
  render: (r) =>
    [
      ...r.deployments.map((d) => `removed deployment ${d}`),
      ...r.bootDirs.map((b) => `removed boot/ostree/${b}`),
      `pruned ${r.objectsRemoved} objects, ${r.bytesFreed} bytes`,
    ].join('\n'),
};
