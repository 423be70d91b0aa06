// ossify repo log REV: the commit and its ancestors, newest first.
import type { CliCommand } from '../command.js';
import type { LogResult } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';
import { renderCommit } from './repo-show.js';

export const repoLog: CliCommand<LogResult> = {
  path: ['repo', 'log'],
  summary: 'show a commit and its history',
  args: ['<rev>'],
  options: [repoOption, { flags: '-n, --max-count <n>', description: 'show at most n commits' }],
  async run([rev], opts) {
    const { logCommits, resolveRev } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const limit = opts.maxCount ? Number(opts.maxCount) : Infinity;
    const log = logCommits(repo, resolveRev(repo, rev), limit);
    return {
      commits: log.commits.map(({ metadataVariants: _m, ...c }) => c) as LogResult['commits'],
      missingParent: log.missingParent,
    };
  },
  render: (r) =>
    r.commits.map((c) => renderCommit(c)).join('\n\n') +
    (r.missingParent ? `\n\n<< history beyond this commit not stored here (${r.missingParent}) >>` : ''),
};
