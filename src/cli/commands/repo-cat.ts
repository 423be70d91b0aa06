// ossify repo cat REV PATH: a file's bytes on stdout.
import type { CliCommand } from '../command.js';
import { OssifyError } from '../../core/errors.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

export const repoCat: CliCommand<{ bytes: number } | undefined> = {
  path: ['repo', 'cat'],
  summary: 'write the content of a file in a commit to stdout',
  args: ['<rev>', '<path>'],
  options: [repoOption],
  async run([rev, p], opts, ctx) {
    const { loadCommit, locate, openContent, readContentInfo, resolveRev } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const commit = loadCommit(repo, resolveRev(repo, rev));
    const found = locate(repo, commit.rootTree, commit.rootMeta, p);
    if (found.kind !== 'file') {
      throw new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${p} is a directory`, {
        hint: 'list it with "ossify repo ls REV PATH"',
        subject: p,
      });
    }
    const info = readContentInfo(repo, found.checksum);
    let bytes = 0;
    for await (const chunk of openContent(repo, info)) {
      bytes += chunk.length;
      if (!ctx.json && !ctx.stdout.write(chunk)) await new Promise((r) => ctx.stdout.once('drain', r));
    }
    return ctx.json ? { bytes } : undefined;
  },
};
