// The --repo option every repository command shares, and opening it.
import type { OptionSpec } from './command.js';
import { openRepo, type Repo } from '../store/index.js';

export const DEFAULT_REPO = '/ostree/repo';

export const repoOption: OptionSpec = {
  flags: '--repo <dir>',
  description: `repository path (default: $OSSIFY_REPO or ${DEFAULT_REPO})`,
};

export function repoPath(opts: Record<string, unknown>): string {
  return (opts.repo as string | undefined) ?? process.env.OSSIFY_REPO ?? DEFAULT_REPO;
}

export function openRepoFromOptions(opts: Record<string, unknown>): Repo {
  return openRepo(repoPath(opts));
}
