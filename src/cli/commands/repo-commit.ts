// ossify repo commit --branch REF --tree DIR|TARBALL [...]: prints the checksum on stdout.
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { CommitResult } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';
import { parseBool, parseKeyValue, parseTimestamp } from '../parse-values.js';
import { startProgress } from '../progress.js';

export const repoCommit: CliCommand<CommitResult> = {
  path: ['repo', 'commit'],
  summary: 'commit a directory or tarball (tar, .gz, .xz, .zst) to a branch',
  options: [
    repoOption,
    { flags: '-b, --branch <ref>', description: 'branch to move to the new commit' },
    { flags: '--tree <path>', description: 'directory or tarball to commit' },
    { flags: '-s, --subject <text>', description: 'one-line subject' },
    { flags: '-m, --body <text>', description: 'full description' },
    { flags: '--parent <rev>', description: 'parent commit, or "none" (default: the branch tip)' },
    { flags: '--add-metadata <key=value>', description: 'string metadata (repeatable)', repeatable: true },
    { flags: '--timestamp <iso8601>', description: 'commit time (default: now)' },
    { flags: '--skip-special', description: 'leave out device nodes, fifos and sockets instead of failing' },
    { flags: '--fsync <bool>', description: 'make the commit durable with syncfs (default true)' },
    { flags: '--no-bindings', description: 'do not record the branch in ostree.ref-binding' },
  ],
  async run(_args, opts, ctx) {
    const { commitTree } = await import('../../store/index.js');
    if (!opts.tree) {
      throw new OssifyError('ERR_OSSIFY_USAGE', 'repo commit needs --tree DIR|TARBALL', {
        hint: 'e.g. ossify repo commit --repo repo --branch os/main --tree rootfs/',
      });
    }
    const repo = await openRepoFromOptions(opts);
    const progress = startProgress(ctx, 'commit');
    try {
      const result = await commitTree(repo, {
        branch: opts.branch as string | undefined,
        tree: opts.tree as string,
        subject: opts.subject as string | undefined,
        body: opts.body as string | undefined,
        parent: opts.parent as string | undefined,
        metadata: ((opts.addMetadata as string[] | undefined) ?? []).map((kv) => parseKeyValue(kv, '--add-metadata')),
        timestamp: opts.timestamp ? parseTimestamp(opts.timestamp as string) : undefined,
        skipSpecial: opts.skipSpecial === true,
        fsync: opts.fsync === undefined ? true : parseBool(opts.fsync, '--fsync'),
        bindRef: opts.bindings !== false,
        onProgress: (p) => progress.update(p.files, p.bytes),
      });
      progress.stop();
      if (result.skippedSpecial.length > 0) {
        ctx.note(`skipped ${result.skippedSpecial.length} special file(s): ${result.skippedSpecial.slice(0, 5).join(', ')}`);
      }
      return result;
    } finally {
      progress.stop();
    }
  },
  render: (r) => r.checksum,
};
