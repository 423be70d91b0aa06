// ossify repo init --mode bare|archive
import type { CliCommand } from '../command.js';
import type { RepoMode } from '../../store/index.js';
import { repoOption, repoPath } from '../repo-option.js';

export const repoInit: CliCommand<{ path: string; mode: RepoMode }> = {
  path: ['repo', 'init'],
  summary: 'create a repository (bare: checkouts by hardlink; archive: compressed, for serving)',
  options: [repoOption, { flags: '--mode <mode>', description: 'bare or archive', default: 'bare' }],
  async run(_args, opts) {
    const { initRepo } = await import('../../store/index.js');
    const repo = initRepo(repoPath(opts), { mode: opts.mode as RepoMode });
    return { path: repo.path, mode: repo.mode };
  },
  render: (r) => `initialized ${r.mode} repository at ${r.path}`,
};
