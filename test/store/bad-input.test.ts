// Bad input at the repository's edges: invalid refs, missing or foreign repo
// paths, special files, corrupted and truncated objects. Each gets a clear error
// with a code (and the CLI a hint and a non-zero exit); nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { tempDir } from '../helpers/temp-dir.js';
import { ossify } from '../helpers/run.js';
import { commitTree, fsckRepo, initRepo, listObjects, openRepo, readCommit, loadDirTree, resolveRev, setRef, checkoutCommit } from '../../src/store/index.js';
import { isOssifyError } from '../../src/core/errors.js';

function smallTree(root: string): void {
  mkdirSync(path.join(root, 'etc'), { recursive: true });
  writeFileSync(path.join(root, 'etc', 'os-release'), 'ID=demo\n');
  writeFileSync(path.join(root, 'big'), randomBytes(200_000));
  writeFileSync(path.join(root, 'small'), 'small file\n');
}

test('invalid ref names are refused before anything is written', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  smallTree(tree);
  const repo = initRepo(path.join(dir, 'repo'));
  for (const ref of ['', '/abs', 'a//b', 'a/', '../x', 'has space', '.hidden', 'a/.b', 'x\ny']) {
    await assert.rejects(commitTree(repo, { branch: ref, tree }), (e) => isOssifyError(e, 'ERR_OSSIFY_INVALID_REF'), ref);
  }
  assert.throws(() => setRef(repo, 'bad ref', 'a'.repeat(64)), (e) => isOssifyError(e, 'ERR_OSSIFY_INVALID_REF'));
  assert.throws(() => resolveRev(repo, 'nope'), (e) => isOssifyError(e, 'ERR_OSSIFY_REF_NOT_FOUND'));
  assert.deepEqual(listObjects(repo), []);
});

test('missing, non-repository and already-initialised paths', (t) => {
  const dir = tempDir(t);
  assert.throws(() => openRepo(path.join(dir, 'absent')), (e) => isOssifyError(e, 'ERR_OSSIFY_NOT_A_REPO'));
  mkdirSync(path.join(dir, 'plain'));
  writeFileSync(path.join(dir, 'plain', 'file'), 'x');
  assert.throws(() => openRepo(path.join(dir, 'plain')), (e) => isOssifyError(e, 'ERR_OSSIFY_NOT_A_REPO'));
  assert.throws(() => initRepo(path.join(dir, 'plain')), (e) => isOssifyError(e, 'ERR_OSSIFY_EXISTS'));
  assert.equal(readFileSync(path.join(dir, 'plain', 'file'), 'utf8'), 'x', 'the foreign directory is untouched');
  initRepo(path.join(dir, 'repo'));
  assert.throws(() => initRepo(path.join(dir, 'repo')), (e) => isOssifyError(e, 'ERR_OSSIFY_REPO_EXISTS'));
  writeFileSync(path.join(dir, 'weird-config'), '');
  mkdirSync(path.join(dir, 'bad'));
  writeFileSync(path.join(dir, 'bad', 'config'), '[core]\nrepo_version=1\nmode=bare-user-only\n');
  mkdirSync(path.join(dir, 'bad', 'objects'));
  assert.throws(() => openRepo(path.join(dir, 'bad')), (e) => isOssifyError(e, 'ERR_OSSIFY_REPO_CONFIG'));
  const cli = ossify(['repo', 'fsck', '--repo', path.join(dir, 'plain')]);
  assert.equal(cli.status, 3);
  assert.match(cli.stderr, /ERR_OSSIFY_NOT_A_REPO/);
  assert.match(cli.stderr, /^hint: /m);
  assert.doesNotMatch(cli.stderr, /at .*\.js:\d+/, 'no stack trace without --debug');
});

test('a fifo in the tree is an error naming it, or skipped and counted with --skip-special', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  smallTree(tree);
  execFileSync('mkfifo', [path.join(tree, 'etc', 'pipe')]);
  const repo = initRepo(path.join(dir, 'repo'));
  await assert.rejects(commitTree(repo, { branch: 'b', tree }), (e) => isOssifyError(e, 'ERR_OSSIFY_SPECIAL_FILE') && /etc\/pipe/.test(e.message));
  assert.throws(() => resolveRev(repo, 'b'));
  const r = ossify(['repo', 'commit', '--repo', repo.path, '-b', 'b', '--tree', tree, '--skip-special']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /skipped 1 special file/);
  assert.match(r.stdout.trim(), /^[0-9a-f]{64}$/);
});

for (const mode of ['bare', 'archive'] as const) {
  test(`${mode}: fsck names missing, corrupted and truncated objects and exits 1`, async (t) => {
    const dir = tempDir(t);
    const tree = path.join(dir, 'tree');
    smallTree(tree);
    const repo = initRepo(path.join(dir, 'repo'), { mode });
    const { checksum } = await commitTree(repo, { branch: 'b', tree });
    const objects = listObjects(repo);
    const ext = mode === 'bare' ? '.file' : '.filez';
    const contentFiles = objects.filter((o) => o.file.endsWith(ext));
    const root = readCommit(repo, checksum).rootTree;
    const named = new Map(loadDirTree(repo, root).files.map((f) => [f.name.toString(), f.checksum]));
    const big = contentFiles.find((o) => o.checksum === named.get('big'))!;
    const small = contentFiles.find((o) => o.checksum === named.get('small'))!;
    const tree1 = objects.find((o) => o.type === 'dirtree' && o.checksum !== root)!;
    truncateSync(big.file, 500);
    appendFileSync(small.file, 'tampered');
    const { rmSync } = await import('node:fs');
    rmSync(tree1.file);
    const result = await fsckRepo(repo);
    assert.equal(result.ok, false);
    const byCsum = new Map(result.problems.map((p) => [p.checksum, p.problem]));
    assert.equal(byCsum.get(tree1.checksum), 'missing');
    assert.ok(['corrupted', 'truncated'].includes(byCsum.get(big.checksum) ?? ''), `big: ${byCsum.get(big.checksum)}`);
    if (mode === 'archive') assert.equal(byCsum.get(big.checksum), 'truncated');
    assert.equal(byCsum.get(small.checksum), 'corrupted');
    const cli = ossify(['repo', 'fsck', '--repo', repo.path]);
    assert.equal(cli.status, 1);
    assert.match(cli.stdout, new RegExp(big.checksum));
    // reading the damaged commit is a clear error, not a wrong tree
    await assert.rejects(checkoutCommit(repo, checksum, path.join(dir, 'co')), (e) => isOssifyError(e));
  });
}
