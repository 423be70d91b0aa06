// Repository locks are the ones libostree takes (OFD locks on REPO/.lock), so the
// two tools exclude each other: while ossify holds the repository exclusively,
// `ostree commit` and `ostree prune` wait; a second ossify writer waits too and
// then fails with ERR_OSSIFY_LOCKED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { ossify } from '../helpers/run.js';
import { initRepo, withRepoLock } from '../../src/store/index.js';

test('ostree and ossify wait for each other on the repository lock', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  mkdirSync(tree);
  writeFileSync(path.join(tree, 'f'), 'x');
  const repo = initRepo(path.join(dir, 'repo'));
  await withRepoLock(repo, 'exclusive', async () => {
    const commit = spawnSync('timeout', ['3', 'ostree', 'commit', `--repo=${repo.path}`, '-b', 'x', `--tree=dir=${tree}`]);
    assert.equal(commit.status, 124, 'ostree commit waits while ossify holds the repository');
    const prune = spawnSync('timeout', ['3', 'ostree', 'prune', `--repo=${repo.path}`, '--refs-only']);
    assert.equal(prune.status, 124, 'ostree prune waits too');
    const ours = ossify(['repo', 'commit', '--repo', repo.path, '-b', 'y', '--tree', tree], { env: { OSSIFY_LOCK_TIMEOUT: '1' } });
    assert.equal(ours.status, 3);
    assert.match(ours.stderr, /ERR_OSSIFY_LOCKED/);
  });
  const after = ossify(['repo', 'commit', '--repo', repo.path, '-b', 'y', '--tree', tree]);
  assert.equal(after.status, 0, after.stderr);
});
