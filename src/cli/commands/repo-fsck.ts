// ossify repo fsck: verifies every reachable object; exit 1 when anything is wrong.
import type { CliCommand } from '../command.js';
import type { FsckResult } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';
import { startProgress } from '../progress.js';

export const repoFsck: CliCommand<FsckResult> = {
  path: ['repo', 'fsck'],
  summary: 'recompute every checksum; report missing, corrupted and truncated objects (exit 1)',
  options: [repoOption],
  async run(_args, opts, ctx) {
    const { fsckRepo } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const progress = startProgress(ctx, 'fsck');
    try {
      return await fsckRepo(repo, { onProgress: (p) => progress.update(p.objects, p.bytes) });
    } finally {
      progress.stop();
    }
  },
  render: (r) => {
    const head = `checked ${r.objectsChecked} objects of ${r.commits} commit(s)`;
    if (r.ok) return `${head}: no problems`;
    return [
      `${head}: ${r.problems.length} problem(s)`,
      ...r.problems.map((p) => `${p.problem} ${p.type} ${p.checksum}: ${p.detail}`),
    ].join('\n');
  },
  exitCode: (r) => (r.ok ? 0 : 1),
};
