// ossify repo checkout REV DEST [--subpath P] [--copy]
import type { CliCommand } from '../command.js';
import type { CheckoutResult } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';
import { startProgress } from '../progress.js';

export const repoCheckout: CliCommand<CheckoutResult> = {
  path: ['repo', 'checkout'],
  summary: 'check a commit out into a new directory (hardlinks from a bare repository)',
  args: ['<rev>', '<dest>'],
  options: [
    repoOption,
    { flags: '--subpath <path>', description: 'check out only this path of the tree' },
    { flags: '--copy', description: 'copy files instead of hardlinking them' },
  ],
  async run([rev, dest], opts, ctx) {
    const { checkoutCommit } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const progress = startProgress(ctx, 'checkout');
    try {
      return await checkoutCommit(repo, rev, dest, {
        subpath: opts.subpath as string | undefined,
        copy: opts.copy === true,
        onProgress: (p) => progress.update(p.files, p.bytes),
      });
    } finally {
      progress.stop();
    }
  },
  render: (r) => `checked out ${r.checksum.slice(0, 12)} to ${r.dest}: ${r.files} files, ${r.dirs} directories`,
};
