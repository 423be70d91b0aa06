// ossify repo diff A B: added, modified and removed paths between two commits.
import type { CliCommand } from '../command.js';
import type { TreeDiff } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

export const repoDiff: CliCommand<TreeDiff & { from: string; to: string }> = {
  path: ['repo', 'diff'],
  summary: 'list paths added (A), modified (M) and removed (D) from commit A to B',
  args: ['<from>', '<to>'],
  options: [repoOption],
  async run([a, b], opts) {
    const { diffCommits, resolveRev } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const from = resolveRev(repo, a);
    const to = resolveRev(repo, b);
    return { from, to, ...diffCommits(repo, from, to) };
  },
  render: (d) =>
    [...d.modified.map((p) => `M    ${p}`), ...d.removed.map((p) => `D    ${p}`), ...d.added.map((p) => `A    ${p}`)].join(
      '\n',
    ),
};
