// ossify repo ls REV [PATH] [-R]
import type { CliCommand } from '../command.js';
import type { TreeEntry } from '../../store/index.js';
import { openRepoFromOptions, repoOption } from '../repo-option.js';

type Listed = Omit<TreeEntry, 'pathBytes' | 'xattrs'> & { xattrs: Record<string, string> };

export const repoLs: CliCommand<Listed[]> = {
  path: ['repo', 'ls'],
  summary: 'list a path of a commit (mode, owner, size, checksum, name)',
  args: ['<rev>', '[path]'],
  options: [repoOption, { flags: '-R, --recursive', description: 'list subdirectories too' }],
  async run([rev, p], opts) {
    const { resolveRev, walkCommit } = await import('../../store/index.js');
    const repo = await openRepoFromOptions(opts);
    const checksum = resolveRev(repo, rev);
    const out: Listed[] = [];
    let first = true;
    for (const e of walkCommit(repo, checksum, { subpath: p ?? '/', recursive: opts.recursive === true })) {
      // without -R, list the directory's children (and the directory itself first, like ostree ls)
      if (!first && opts.recursive !== true && e.type === 'dir' && depth(e.path) > depth(p ?? '/') + 1) continue;
      first = false;
      const { pathBytes: _b, xattrs, ...rest } = e;
      out.push({ ...rest, xattrs: Object.fromEntries(xattrs.map(([k, v]) => [k, v.toString('base64')])) });
    }
    return out;
  },
  render: (entries) =>
    entries
      .map((e) => {
        const t = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-';
        const mode = (e.mode & 0o7777).toString(8).padStart(5, '0');
        const size = String(e.size ?? 0).padStart(9);
        const link = e.target !== undefined ? ` -> ${e.target}` : '';
        return `${t}${mode} ${e.uid} ${e.gid} ${size} ${e.path}${link}`;
      })
      .join('\n'),
};

function depth(p: string): number {
  return p.split('/').filter(Boolean).length;
}
