// Deployments against ostree: `ossify deploy` vs `ostree admin deploy` of the same
// commit of the Debian minbase tree (with /etc moved to /usr/etc and a stand-in
// kernel, which both tools require). Each side gets a fresh sysroot made by
// `ostree admin init-fs` + `os-init` and the commit made by `ostree commit`,
// untimed; only the first deploy (checkout, /etc, /var, boot entries, switch) is timed.
import { cpSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ostree } from '../lib/peers.js';
import type { BenchCase, CaseContext, Side, Step } from '../lib/types.js';

const OS = 'debian';
const REF = 'debian/minbase';

/** minbase shaped for deployment: /etc in /usr/etc, a kernel and initramfs in /usr/lib/modules. */
async function deployableTree(ctx: CaseContext): Promise<string> {
  const dir = await ctx.fixture('deployable-tree', async (d) => {
    const tree = path.join(d, 'tree');
    cpSync(ctx.input.tree, tree, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    renameSync(path.join(tree, 'etc'), path.join(tree, 'usr', 'etc'));
    const modules = path.join(tree, 'usr', 'lib', 'modules', '6.1.0-bench');
    mkdirSync(modules, { recursive: true });
    writeFileSync(path.join(modules, 'vmlinuz'), Buffer.alloc(10 * 1024 * 1024, 1));
    writeFileSync(path.join(modules, 'initramfs.img'), Buffer.alloc(30 * 1024 * 1024, 2));
  });
  return path.join(dir, 'tree');
}

const deploy: BenchCase = {
  id: 'deploy',
  op: 'deploy',
  groups: ['sysroot'],
  peer: ostree,
  target: 1.0,
  inputs: ['minbase'],
  async setup(side: Side, ctx: CaseContext): Promise<Step> {
    const tree = await deployableTree(ctx);
    const sysroot = path.join(ctx.work, 'sysroot');
    mkdirSync(sysroot);
    await ctx.exec(['ostree', 'admin', 'init-fs', sysroot]);
    await ctx.exec(['ostree', 'admin', 'os-init', `--sysroot=${sysroot}`, OS]);
    await ctx.exec([
      'ostree',
      `--repo=${sysroot}/ostree/repo`,
      'commit',
      `--branch=${REF}`,
      `--tree=dir=${tree}`,
    ]);
    const repo = path.join(sysroot, 'ostree', 'repo');
    if (side === 'peer') {
      return {
        command: {
          argv: [
            'ostree',
            'admin',
            'deploy',
            `--sysroot=${sysroot}`,
            `--os=${OS}`,
            '--karg=root=LABEL=root',
            REF,
          ],
        },
        warm: [repo],
      };
    }
    return {
      command: ctx.ossify(['deploy', '--sysroot', sysroot, '--os', OS, '--karg', 'root=LABEL=root', REF]),
      warm: [repo],
    };
  },
};

export const cases: BenchCase[] = [deploy];
