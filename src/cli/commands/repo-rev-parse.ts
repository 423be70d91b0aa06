// ossify repo rev-parse REV: the full checksum a ref, prefix or REV^ names.
import type { CliCommand } from '../command.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

export const repoRevParse: CliCommand<{ rev: string; checksum: string }> = {
  path: ['repo', 'rev-parse'],
  summary: 'print the commit checksum a ref, checksum prefix or REV^ names',
  args: ['<rev>'],
  options: [repoOption],
  async run([rev], opts) {
    const { resolveRev } = await import('../../store/index.js');
    return { rev, checksum: resolveRev(await openRepoFromOptions(opts), rev) };
  },
  render: (r) => r.checksum,
};
