// Interop with Debian's ostree, both ways: the same tree, subject, body,
// timestamp and metadata give the same commit checksum; ostree fscks and checks
// out what ossify wrote; ossify reads, checks out and fscks what ostree wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildTree } from '../helpers/build-tree.js';
import { compareTrees } from '../helpers/compare-trees.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ostree } from '../helpers/run.js';
import { checkoutCommit, commitTree, fsckRepo, initRepo, openRepo, resolveRev, walkCommit } from '../../src/store/index.js';

const TIMESTAMP = '2024-05-01T12:00:00Z';

for (const mode of ['bare', 'archive'] as const) {
  test(`${mode}: ossify and ostree commit the same tree to the same checksum`, async (t) => {
    const dir = tempDir(t);
    const tree = path.join(dir, 'tree');
    buildTree(tree);
    const ours = initRepo(path.join(dir, 'ours'), { mode });
    const theirs = path.join(dir, 'theirs');
    ostree(['init', `--repo=${theirs}`, `--mode=${mode}`]);

    const subject = 'Release 1';
    const body = 'Built by the test suite.\nSecond line.';
    const expected = ostree([
      'commit', `--repo=${theirs}`, '--branch=os/x86_64/stable', `--tree=dir=${tree}`,
      `--subject=${subject}`, `--body=${body}`, `--timestamp=${TIMESTAMP}`,
      '--add-metadata-string=version=1.0', '--add-metadata-string=os.name=demo',
    ]).trim();
    const result = await commitTree(ours, {
      branch: 'os/x86_64/stable', tree, subject, body, timestamp: new Date(TIMESTAMP),
      metadata: [['version', '1.0'], ['os.name', 'demo']],
    });
    assert.equal(result.checksum, expected);

    // a child commit: the parent link must match too
    const expectedChild = ostree([
      'commit', `--repo=${theirs}`, '--branch=os/x86_64/stable', `--tree=dir=${tree}`, `--timestamp=${TIMESTAMP}`, '-s', 'child',
    ]).trim();
    const child = await commitTree(ours, { branch: 'os/x86_64/stable', tree, timestamp: new Date(TIMESTAMP), subject: 'child' });
    assert.equal(child.checksum, expectedChild);
    assert.equal(child.parent, expected);

    // ostree accepts the repository ossify wrote, and checks out the input tree exactly
    ostree(['fsck', `--repo=${ours.path}`]);
    const out = path.join(dir, 'ostree-checkout');
    ostree(['checkout', `--repo=${ours.path}`, 'os/x86_64/stable', out]);
    assert.deepEqual(compareTrees(tree, out), []);
    const show = ostree(['show', `--repo=${ours.path}`, 'os/x86_64/stable^']);
    assert.match(show, /Release 1/);
  });

  test(`${mode}: ossify reads, checks out and fscks a repository ostree wrote`, async (t) => {
    const dir = tempDir(t);
    const tree = path.join(dir, 'tree');
    buildTree(tree);
    const theirs = path.join(dir, 'theirs');
    ostree(['init', `--repo=${theirs}`, `--mode=${mode}`]);
    const csum = ostree(['commit', `--repo=${theirs}`, '--branch=main', `--tree=dir=${tree}`, '-s', 'from ostree']).trim();
    const repo = openRepo(theirs);
    assert.equal(repo.mode, mode);
    assert.equal(resolveRev(repo, 'main'), csum);
    const fsck = await fsckRepo(repo);
    assert.deepEqual(fsck.problems, []);
    assert.ok(fsck.objectsChecked > 20);
    const out = path.join(dir, 'checkout');
    await checkoutCommit(repo, 'main', out);
    assert.deepEqual(compareTrees(tree, out), []);
    // ls agrees with ostree ls on every path
    const ours = [...walkCommit(repo, csum)].map((e) => e.path).sort();
    const theirsLs = ostree(['ls', `--repo=${theirs}`, '-R', '--nul-filenames-only', 'main'])
      .split('\0')
      .filter(Boolean)
      .sort();
    assert.deepEqual(ours, theirsLs);
  });
}

test('bare checkout hardlinks objects and keeps every metadata bit; --copy makes independent files', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  buildTree(tree, { nonUtf8Name: true });
  const repo = initRepo(path.join(dir, 'repo'));
  const { checksum } = await commitTree(repo, { branch: 'b', tree });
  const linked = path.join(dir, 'linked');
  const res = await checkoutCommit(repo, checksum, linked);
  assert.deepEqual(compareTrees(tree, linked), []);
  assert.ok(res.files > 15);
  const copied = path.join(dir, 'copied');
  await checkoutCommit(repo, 'b', copied, { copy: true });
  assert.deepEqual(compareTrees(tree, copied), []);
  const { statSync } = await import('node:fs');
  assert.ok(statSync(path.join(linked, 'usr/bin/tool')).nlink >= 2, 'hardlinked checkout');
  assert.equal(statSync(path.join(copied, 'usr/bin/tool')).nlink, 1, 'copied checkout');
  // a subpath checks out alone
  const sub = path.join(dir, 'sub');
  await checkoutCommit(repo, 'b', sub, { subpath: '/etc/ssh' });
  assert.deepEqual(compareTrees(path.join(tree, 'etc/ssh'), sub), []);
  assert.deepEqual((await fsckRepo(repo)).problems, []);
});

test('a wide and deep tree (files at every level, thousands of batches) matches ostree', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  const { mkdirSync, writeFileSync, symlinkSync } = await import('node:fs');
  let n = 0;
  const grow = (d: string, depth: number) => {
    mkdirSync(d, { recursive: true });
    for (let i = 0; i < 7; i++) writeFileSync(path.join(d, `f${i}`), `${d}:${i}:${n++ % 13}`);
    symlinkSync('f0', path.join(d, 'link'));
    if (depth < 4) for (let i = 0; i < 5; i++) grow(path.join(d, `d${i}`), depth + 1);
  };
  grow(tree, 0);
  const theirs = path.join(dir, 'theirs');
  ostree(['init', `--repo=${theirs}`, '--mode=bare']);
  const expected = ostree(['commit', `--repo=${theirs}`, '-b', 'b', `--tree=dir=${tree}`, `--timestamp=${TIMESTAMP}`]).trim();
  for (let i = 0; i < 3; i++) {
    const repo = initRepo(path.join(dir, `ours${i}`));
    const r = await commitTree(repo, { branch: 'b', tree, timestamp: new Date(TIMESTAMP) });
    assert.equal(r.checksum, expected, `run ${i}`);
    assert.equal(r.files, n + n / 7);
  }
});
