// Repository operations against ostree: commit (bare, archive), checkout, fsck.
//
// Commit cases init a fresh repo per side and run (untimed), then time the commit alone.
// Checkout and fsck read one bare repo built by ostree from the input (a shared fixture,
// untimed), so both tools work from the same objects on disk; each checkout goes to a
// fresh destination.
import path from 'node:path';
import { ostree } from '../lib/peers.js';
import type { BenchCase, CaseContext, Side, Step } from '../lib/types.js';

const BRANCH = 'b';
const INPUTS = ['minbase', 'synthetic'];

function commitCase(mode: 'bare' | 'archive', target: number): BenchCase {
  return {
    id: `commit-${mode}`,
    op: `${mode} commit`,
    groups: ['commit'],
    peer: ostree,
    target,
    inputs: INPUTS,
    async setup(side: Side, ctx: CaseContext): Promise<Step> {
      const repo = path.join(ctx.work, 'repo');
      const src = ctx.input.tree;
      if (side === 'peer') {
        await ctx.exec(['ostree', `--repo=${repo}`, 'init', `--mode=${mode}`]);
        return {
          command: {
            argv: ['ostree', `--repo=${repo}`, 'commit', `--branch=${BRANCH}`, `--tree=dir=${src}`],
          },
          warm: [src],
        };
      }
      await ctx.exec(ctx.ossify(['repo', 'init', '--repo', repo, '--mode', mode]).argv);
      return {
        command: ctx.ossify(['repo', 'commit', '--repo', repo, '--branch', BRANCH, '--tree', src]),
        warm: [src],
      };
    },
  };
}

/** A bare repo holding the input at BRANCH, committed by ostree; shared, read-only. */
async function ostreeBareRepo(ctx: CaseContext): Promise<string> {
  const dir = await ctx.fixture('ostree-bare-repo', async (d) => {
    const repo = path.join(d, 'repo');
    await ctx.exec(['ostree', `--repo=${repo}`, 'init', '--mode=bare']);
    await ctx.exec([
      'ostree',
      `--repo=${repo}`,
      'commit',
      `--branch=${BRANCH}`,
      `--tree=dir=${ctx.input.tree}`,
    ]);
  });
  return path.join(dir, 'repo');
}

const checkout: BenchCase = {
  id: 'checkout',
  op: 'checkout',
  groups: [],
  peer: ostree,
  target: 1.2,
  inputs: INPUTS,
  async setup(side, ctx) {
    const repo = await ostreeBareRepo(ctx);
    const dest = path.join(ctx.work, 'dest');
    return {
      command:
        side === 'peer'
          ? { argv: ['ostree', `--repo=${repo}`, 'checkout', BRANCH, dest] }
          : ctx.ossify(['repo', 'checkout', '--repo', repo, BRANCH, dest]),
      warm: [repo],
    };
  },
};

const fsck: BenchCase = {
  id: 'fsck',
  op: 'fsck',
  groups: [],
  peer: ostree,
  target: 1.0,
  inputs: INPUTS,
  async setup(side, ctx) {
    const repo = await ostreeBareRepo(ctx);
    return {
      command:
        side === 'peer'
          ? { argv: ['ostree', `--repo=${repo}`, 'fsck'] }
          : ctx.ossify(['repo', 'fsck', '--repo', repo]),
      warm: [repo],
    };
  },
};

export const cases: BenchCase[] = [commitCase('bare', 0.6), commitCase('archive', 0.5), checkout, fsck];
