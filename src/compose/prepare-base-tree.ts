// Bases other than a Debian suite: a tarball, a directory, or a ref of the
// target repository. Trees shaped before are unshaped so their package manager works.
import { mkdirSync } from 'node:fs';
import { OssifyError } from '../core/errors.js';
import { checkoutCommit, openRepo } from '../store/index.js';
import type { ComposeStep } from './compose-plan.js';
import { runTool, tail } from './run-tool.js';
import { unshapeTree } from './shape-tree.js';

type BaseStep = Extract<ComposeStep, { kind: 'base-tree' }>;

export async function prepareBaseTree(step: BaseStep, target: string, repoPath: string): Promise<void> {
  if (step.from === 'ref') {
    // A copy, not hard links: the tree is modified and must not touch the repository's objects.
    await checkoutCommit(openRepo(repoPath), step.location, target, { copy: true });
    unshapeTree(target);
    return;
  }
  mkdirSync(target, { recursive: true });
  let argv: string[];
  if (step.from === 'tarball') {
    argv = [
      'tar',
      '-x',
      '-p',
      '--numeric-owner',
      '--xattrs',
      '--xattrs-include=*',
      '-f',
      step.location,
      '-C',
      target,
    ];
  } else {
    argv = ['cp', '-a', '--', `${step.location}/.`, target];
  }
  const r = await runTool(argv[0], argv.slice(1));
  if (r.code !== 0) {
    throw new OssifyError(
      'ERR_OSSIFY_COMPOSE',
      `base ${step.from} ${step.location} could not be prepared:\n${tail(r.output)}`,
      {
        subject: step.location,
      },
    );
  }
  // A tree composed (and exported) before is shaped: give its package manager /etc back.
  unshapeTree(target);
}
