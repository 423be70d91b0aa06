// History and housekeeping: log, rev-parse (prefixes, ^), diff, refs, and prune
// with --refs-only, --depth and --keep-younger-than, checked against ostree's
// own view of the same repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { ossify, ostree } from '../helpers/run.js';
import {
  commitTree, diffCommits, fsckRepo, hasObject, initRepo, listRefs, logCommits, pruneRepo, resolveRev, setRef,
} from '../../src/store/index.js';
import { isOssifyError } from '../../src/core/errors.js';

async function threeVersions(t: Parameters<typeof tempDir>[0]) {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  mkdirSync(path.join(tree, 'etc/app'), { recursive: true });
  mkdirSync(path.join(tree, 'usr/bin'), { recursive: true });
  writeFileSync(path.join(tree, 'etc/app/conf'), 'v1');
  writeFileSync(path.join(tree, 'usr/bin/app'), 'binary v1');
  writeFileSync(path.join(tree, 'usr/bin/old'), 'going away');
  const repo = initRepo(path.join(dir, 'repo'));
  const day = 86400_000;
  const c1 = await commitTree(repo, { branch: 'main', tree, subject: 'v1', timestamp: new Date(Date.now() - 10 * day) });
  writeFileSync(path.join(tree, 'usr/bin/app'), 'binary v2');
  rmSync(path.join(tree, 'usr/bin/old'));
  mkdirSync(path.join(tree, 'usr/lib'));
  writeFileSync(path.join(tree, 'usr/lib/new.so'), 'new');
  const c2 = await commitTree(repo, { branch: 'main', tree, subject: 'v2', timestamp: new Date(Date.now() - 5 * day) });
  writeFileSync(path.join(tree, 'etc/app/conf'), 'v3');
  const c3 = await commitTree(repo, { branch: 'main', tree, subject: 'v3' });
  return { dir, tree, repo, c1: c1.checksum, c2: c2.checksum, c3: c3.checksum };
}

test('log, rev-parse and diff', async (t) => {
  const { repo, c1, c2, c3 } = await threeVersions(t);
  assert.deepEqual(logCommits(repo, c3).commits.map((c) => c.subject), ['v3', 'v2', 'v1']);
  assert.equal(resolveRev(repo, 'main^'), c2);
  assert.equal(resolveRev(repo, 'main^^'), c1);
  assert.equal(resolveRev(repo, c2.slice(0, 10)), c2);
  assert.throws(() => resolveRev(repo, 'main^^^'), (e) => isOssifyError(e, 'ERR_OSSIFY_REF_NOT_FOUND'));
  const d = diffCommits(repo, c1, c2);
  assert.deepEqual(d.modified, ['/usr/bin/app']);
  assert.deepEqual(d.removed, ['/usr/bin/old']);
  assert.deepEqual(d.added.sort(), ['/usr/lib', '/usr/lib/new.so']);
  // ostree agrees on what changed
  const theirs = ostree(['diff', `--repo=${repo.path}`, c1, c2]).trim().split('\n').sort();
  assert.deepEqual(theirs, ['A    /usr/lib', 'A    /usr/lib/new.so', 'D    /usr/bin/old', 'M    /usr/bin/app'].sort());
  const cli = ossify(['repo', 'diff', '--repo', repo.path, c1, c2]);
  assert.deepEqual(cli.stdout.trim().split('\n').sort(), theirs);
});

test('refs: create, list, delete', async (t) => {
  const { repo, c1 } = await threeVersions(t);
  setRef(repo, 'os/stable', c1);
  setRef(repo, 'origin:os/remote', c1);
  assert.deepEqual(listRefs(repo).map((r) => r.ref), ['main', 'origin:os/remote', 'os/stable']);
  assert.equal(ostree(['rev-parse', `--repo=${repo.path}`, 'os/stable']).trim(), c1);
  assert.match(ostree(['refs', `--repo=${repo.path}`]), /origin:os\/remote/);
  setRef(repo, 'os/stable', null);
  assert.throws(() => setRef(repo, 'os/stable', null), (e) => isOssifyError(e, 'ERR_OSSIFY_REF_NOT_FOUND'));
  const cli = ossify(['repo', 'refs', '--repo', repo.path, '--json']);
  assert.deepEqual(JSON.parse(cli.stdout).refs.map((r: { ref: string }) => r.ref), ['main', 'origin:os/remote']);
});

test('prune: default keeps every commit; --depth and --refs-only drop history; young commits can stay', async (t) => {
  const { repo, c1, c2, c3 } = await threeVersions(t);
  // an orphan commit that no ref reaches
  const orphanTree = path.join(repo.path, '..', 'orphan');
  mkdirSync(orphanTree);
  writeFileSync(path.join(orphanTree, 'only-here'), 'orphan data');
  const orphan = (await commitTree(repo, { tree: orphanTree, subject: 'orphan' })).checksum;
  const plain = await pruneRepo(repo);
  assert.equal(plain.objectsRemoved, 0, 'every object is reachable from some commit');
  const young = await pruneRepo(repo, { refsOnly: true, keepYoungerThanSeconds: 3600 });
  assert.equal(young.commitsRemoved, 0, 'the orphan is young, so it stays');
  assert.ok(hasObject(repo, orphan, 'commit'));
  const refsOnly = await pruneRepo(repo, { refsOnly: true });
  assert.equal(refsOnly.commitsRemoved, 1);
  assert.equal(hasObject(repo, orphan, 'commit'), false);
  const depth = await pruneRepo(repo, { depth: 1 });
  assert.equal(depth.commitsRemoved, 1);
  assert.equal(hasObject(repo, c1, 'commit'), false);
  assert.ok(hasObject(repo, c2, 'commit') && hasObject(repo, c3, 'commit'));
  const log = logCommits(repo, c3);
  assert.equal(log.commits.length, 2);
  assert.equal(log.missingParent, c1);
  assert.deepEqual((await fsckRepo(repo)).problems, []);
  ostree(['fsck', `--repo=${repo.path}`]);
  const dry = ossify(['repo', 'prune', '--repo', repo.path, '--depth', '0', '--dry-run', '--json']);
  assert.equal(JSON.parse(dry.stdout).commitsRemoved, 1);
  assert.ok(hasObject(repo, c2, 'commit'), 'a dry run deletes nothing');
});
