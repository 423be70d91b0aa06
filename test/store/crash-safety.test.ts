// Crash safety: the CLI is killed (SIGKILL) at each named point of a commit and
// a prune, and at random instants; afterwards the repository passes both
// ossify's and ostree's fsck, the branch points at a complete commit (old or
// new), and the next command clears the leftovers. Concurrent commits never
// corrupt the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { OSSIFY_BIN, ossify, ostree } from '../helpers/run.js';

function makeTree(root: string, files: number, seed: string): void {
  for (let d = 0; d < 10; d++) {
    mkdirSync(path.join(root, `d${d}`), { recursive: true });
    for (let f = 0; f < files / 10; f++) writeFileSync(path.join(root, `d${d}`, `f${f}`), `${seed}-${d}-${f}\n`.repeat(f % 7));
  }
}

function assertHealthy(repo: string, allowed: string[]): void {
  const fsck = ossify(['repo', 'fsck', '--repo', repo]);
  assert.equal(fsck.status, 0, fsck.stdout + fsck.stderr);
  ostree(['fsck', `--repo=${repo}`]);
  const head = ossify(['repo', 'rev-parse', '--repo', repo, 'main']).stdout.trim();
  assert.ok(allowed.includes(head), `main is ${head}, expected one of ${allowed.join(', ')}`);
}

const POINTS = [
  'txn:before-sync',
  'txn:before-rename',
  'txn:mid-rename',
  'txn:after-rename',
  'commit:after-content',
  'commit:before-ref',
  'commit:after-ref',
];

test('a commit killed at any named point leaves a healthy repository', async (t) => {
  const dir = tempDir(t);
  const repo = path.join(dir, 'repo');
  const v1 = path.join(dir, 'v1');
  const v2 = path.join(dir, 'v2');
  makeTree(v1, 300, 'one');
  makeTree(v2, 300, 'two');
  assert.equal(ossify(['repo', 'init', '--repo', repo]).status, 0);
  let head = ossify(['repo', 'commit', '--repo', repo, '-b', 'main', '--tree', v1]).stdout.trim();
  for (const point of POINTS) {
    await t.test(point, () => {
      const before = head;
      const r = ossify(['repo', 'commit', '--repo', repo, '-b', 'main', '--tree', v2, '-s', point], {
        env: { OSSIFY_CRASH_AT: point },
      });
      assert.equal(r.signal, 'SIGKILL', `expected a kill at ${point}: ${r.stderr}`);
      const log = ossify(['repo', 'log', '--repo', repo, 'main', '--json']);
      const commits = JSON.parse(log.stdout).commits.map((c: { checksum: string }) => c.checksum);
      assertHealthy(repo, [before, commits[0]]);
      if (point === 'commit:after-ref') assert.notEqual(commits[0], before, 'after the ref moved, the new commit is kept');
      else assert.equal(commits[0], before, 'before the ref moves, the branch keeps its commit');
      // the next commit works and removes the dead process's staging directory
      const again = ossify(['repo', 'commit', '--repo', repo, '-b', 'main', '--tree', v1, '-s', 'after ' + point]);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(readdirSync(path.join(repo, 'tmp')).filter((n) => n.startsWith('staging')), []);
      head = again.stdout.trim();
      assertHealthy(repo, [head]);
    });
  }
});

test('a commit killed at random instants never damages the repository', async (t) => {
  const dir = tempDir(t);
  const repo = path.join(dir, 'repo');
  const tree = path.join(dir, 'tree');
  makeTree(tree, 2000, 'random');
  assert.equal(ossify(['repo', 'init', '--repo', repo, '--mode', 'archive']).status, 0);
  const first = ossify(['repo', 'commit', '--repo', repo, '-b', 'main', '--tree', path.join(dir, 'tree', 'd0')]).stdout.trim();
  const heads = new Set([first]);
  for (let i = 0; i < 8; i++) {
    const child = spawn(process.execPath, [OSSIFY_BIN, 'repo', 'commit', '--repo', repo, '-b', 'main', '--tree', tree, '-s', `run ${i}`]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const delay = 80 + Math.floor(Math.random() * 500);
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    await new Promise((r) => child.on('exit', r));
    clearTimeout(timer);
    if (out.trim()) heads.add(out.trim());
    const log = JSON.parse(ossify(['repo', 'log', '--repo', repo, 'main', '--json']).stdout);
    heads.add(log.commits[0].checksum);
    assertHealthy(repo, [...heads]);
  }
});

test('two commits at once on one repository both land intact', async (t) => {
  const dir = tempDir(t);
  const repo = path.join(dir, 'repo');
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  makeTree(a, 1000, 'a');
  makeTree(b, 1000, 'b');
  assert.equal(ossify(['repo', 'init', '--repo', repo]).status, 0);
  const runOne = (tree: string, branch: string) =>
    new Promise<string>((resolve, reject) => {
      const c = spawn(process.execPath, [OSSIFY_BIN, 'repo', 'commit', '--repo', repo, '-b', branch, '--tree', tree]);
      let out = '';
      let err = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (err += d));
      c.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err))));
    });
  const [ca, cb, cc] = await Promise.all([runOne(a, 'one'), runOne(b, 'two'), runOne(a, 'three')]);
  assert.equal(ca, cc.length === 64 ? ca : cc, 'same tree, same root');
  const fsck = ossify(['repo', 'fsck', '--repo', repo]);
  assert.equal(fsck.status, 0, fsck.stdout);
  ostree(['fsck', `--repo=${repo}`]);
  assert.equal(ossify(['repo', 'rev-parse', '--repo', repo, 'two']).stdout.trim(), cb);
});

test('a prune killed midway leaves no commit with holes', async (t) => {
  const dir = tempDir(t);
  const repo = path.join(dir, 'repo');
  const tree = path.join(dir, 'tree');
  makeTree(tree, 200, 'p');
  assert.equal(ossify(['repo', 'init', '--repo', repo]).status, 0);
  ossify(['repo', 'commit', '--repo', repo, '-b', 'gone', '--tree', tree]);
  writeFileSync(path.join(tree, 'd0', 'extra'), 'extra');
  const kept = ossify(['repo', 'commit', '--repo', repo, '-b', 'main', '--tree', tree, '--parent', 'none']).stdout.trim();
  ossify(['repo', 'refs', '--repo', repo, '--delete', 'gone']);
  const r = ossify(['repo', 'prune', '--repo', repo, '--refs-only'], { env: { OSSIFY_CRASH_AT: 'prune:after-first-delete' } });
  assert.equal(r.signal, 'SIGKILL');
  assertHealthy(repo, [kept]);
  const done = ossify(['repo', 'prune', '--repo', repo, '--refs-only', '--json']);
  assert.equal(done.status, 0, done.stderr);
  assert.ok(JSON.parse(done.stdout).objectsRemoved > 0);
  assertHealthy(repo, [kept]);
});
