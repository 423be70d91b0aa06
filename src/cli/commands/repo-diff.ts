// ossify repo diff A B [--packages]: paths added, modified and removed between two
// commits, or with --packages the Debian packages added, removed, upgraded and
// downgraded (from the package lists compose records in commit metadata).
import type { CliCommand } from '../command.js';
import type { TreeDiff } from '../../store/index.js';
import { renderPackageDiff, type PackageDiff } from '../../compose/diff-packages.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

type Result = { from: string; to: string } & ({ kind: 'files'; diff: TreeDiff } | { kind: 'packages'; diff: PackageDiff });

export const repoDiff: CliCommand<Result> = {
  path: ['repo', 'diff'],
  summary: 'list paths added (A), modified (M), removed (D) from commit A to B; --packages: package changes',
  args: ['<from>', '<to>'],
  options: [repoOption, { flags: '--packages', description: 'compare the package lists of two composed commits' }],
  async run([a, b], opts) {
    const { diffCommits, resolveRev } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const from = resolveRev(repo, a);
    const to = resolveRev(repo, b);
    if (opts.packages === true) {
      const { diffCommitPackages } = await import('../../compose/index.js');
      return { from, to, kind: 'packages', diff: diffCommitPackages(repo, from, to) };
    }
    return { from, to, kind: 'files', diff: diffCommits(repo, from, to) };
  },
  render: (r) => {
    if (r.kind === 'packages') return renderPackageDiff(r.diff);
    const d = r.diff;
    return [...d.modified.map((p) => `M    ${p}`), ...d.removed.map((p) => `D    ${p}`), ...d.added.map((p) => `A    ${p}`)].join(
      '\n',
    );
  },
};
