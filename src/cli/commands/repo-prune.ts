// ossify repo prune [--refs-only] [--depth N] [--keep-younger-than DURATION] [--dry-run]
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { PruneResult } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';
import { parseDuration } from '../parse-values.js';
import { formatBytes } from '../progress.js';

export const repoPrune: CliCommand<PruneResult & { dryRun: boolean }> = {
  path: ['repo', 'prune'],
  summary: 'delete objects that no commit (or, with --refs-only, no ref) reaches',
  options: [
    repoOption,
    { flags: '--refs-only', description: 'also delete commits that no ref reaches' },
    { flags: '--depth <n>', description: 'keep only n parents behind each ref (implies --refs-only)' },
    { flags: '--keep-younger-than <duration>', description: 'keep commits younger than this, e.g. 30d' },
    { flags: '--dry-run', description: 'report what would be deleted, delete nothing' },
  ],
  async run(_args, opts) {
    const { pruneRepo } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    let depth: number | undefined;
    if (opts.depth !== undefined) {
      depth = Number(opts.depth);
      if (!Number.isInteger(depth) || depth < -1) {
        throw new OssifyError('ERR_OSSIFY_USAGE', `--depth takes a whole number, not "${String(opts.depth)}"`, {
          hint: '0 keeps only the commits refs point at; -1 keeps all history',
        });
      }
    }
    const result = await pruneRepo(repo, {
      refsOnly: opts.refsOnly === true,
      depth,
      keepYoungerThanSeconds: opts.keepYoungerThan ? parseDuration(opts.keepYoungerThan as string) : undefined,
      dryRun: opts.dryRun === true,
    });
    return { ...result, dryRun: opts.dryRun === true };
  },
  render: (r) =>
    `${r.dryRun ? 'would delete' : 'deleted'} ${r.objectsRemoved} objects (${r.commitsRemoved} commits), ` +
    `${formatBytes(r.bytesFreed)}; ${r.objectsKept} objects kept`,
};
