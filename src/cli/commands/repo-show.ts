// ossify repo show REV: a commit's subject, body, time, parent and metadata.
import type { CliCommand } from '../command.js';
import type { CommitInfo } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

type Shown = Omit<CommitInfo, 'metadataVariants'>;

export const repoShow: CliCommand<Shown> = {
  path: ['repo', 'show'],
  summary: 'show a commit: subject, body, date, parent, root and metadata',
  args: ['<rev>'],
  options: [repoOption],
  async run([rev], opts) {
    const { readCommit, resolveRev } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const { metadataVariants: _m, ...info } = readCommit(repo, resolveRev(repo, rev));
    return info;
  },
  render: (c) => renderCommit(c),
};

export function renderCommit(c: Shown): string {
  const lines = [
    `commit ${c.checksum}`,
    c.parent ? `Parent:  ${c.parent}` : undefined,
    `Date:    ${c.timestamp.toISOString()}`,
    ...Object.entries(c.metadata).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
    '',
    `    ${c.subject}`,
    ...(c.body ? ['', ...c.body.split('\n').map((l) => `    ${l}`)] : []),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}
