// The --repo option every repository command shares, and opening it.
import type { OptionSpec } from './command.js';
import type { Repo } from '../store/index.js';

export const DEFAULT_REPO = '/ostree/repo';

export const repoOption: OptionSpec = {
  flags: '--repo <dir>',
  description: `repository path (default: $OSSIFY_REPO or ${DEFAULT_REPO})`,
};

export function repoPath(opts: Record<string, unknown>): string {
  return (opts.repo as string | undefined) ?? process.env.OSSIFY_REPO ?? DEFAULT_REPO;
}

/** Opens the repository; the store is imported on first use so `ossify --help` stays fast. */
export async function openRepoFromOptions(opts: Record<string, unknown>): Promise<Repo> {
  const { openRepo } = await import('../store/index.js');
  return openRepo(repoPath(opts));
}
