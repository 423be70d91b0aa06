// ossify repo refs [--create REF --rev REV] [--delete REF]
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import type { RefEntry } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

export const repoRefs: CliCommand<{ refs: RefEntry[]; created?: RefEntry; deleted?: string }> = {
  path: ['repo', 'refs'],
  summary: 'list refs, or create (--create REF --rev REV) or delete (--delete REF) one',
  options: [
    repoOption,
    { flags: '--create <ref>', description: 'create or move REF to --rev' },
    { flags: '--rev <rev>', description: 'the commit for --create' },
    { flags: '--delete <ref>', description: 'delete REF (its commits stay until prune)' },
  ],
  async run(_args, opts) {
    const { listRefs, resolveRev, setRef } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    let created: RefEntry | undefined;
    let deleted: string | undefined;
    if (opts.create) {
      if (!opts.rev) {
        throw new OssifyError('ERR_OSSIFY_USAGE', '--create needs --rev REV', {
          hint: 'e.g. ossify repo refs --create os/stable --rev os/testing',
        });
      }
      const checksum = resolveRev(repo, opts.rev as string);
      setRef(repo, opts.create as string, checksum);
      created = { ref: opts.create as string, checksum };
    }
    if (opts.delete) {
      setRef(repo, opts.delete as string, null);
      deleted = opts.delete as string;
    }
    return { refs: listRefs(repo), created, deleted };
  },
  render: (r) => {
    if (r.created) return `${r.created.ref} -> ${r.created.checksum}`;
    if (r.deleted) return `deleted ${r.deleted}`;
    return r.refs.map((x) => x.ref).join('\n');
  },
};
