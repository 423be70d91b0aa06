// The ossify command as users run it: start-up time, --json on every reporting
// command, exit codes, and one clear line (plus a hint) for errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { OSSIFY_BIN, ossify, tryRun } from '../helpers/run.js';

test('ossify --version answers in under 0.15 s (best of 7, CPU time so a busy machine does not skew it)', () => {
  let best = Infinity;
  for (let i = 0; i < 7; i++) {
    const r = tryRun('/usr/bin/time', ['-f', 'TIMES %e %U %S', process.execPath, OSSIFY_BIN, '--version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
    const [, , user, sys] = /TIMES ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr)!.map(Number);
    best = Math.min(best, user + sys);
  }
  assert.ok(best < 0.15, `best run used ${best.toFixed(2)} s of CPU`);
});

test('every repository command reports JSON with --json', (t) => {
  const dir = tempDir(t);
  const repo = path.join(dir, 'repo');
  const tree = path.join(dir, 'tree');
  mkdirSync(path.join(tree, 'etc'), { recursive: true });
  writeFileSync(path.join(tree, 'etc', 'hostname'), 'demo\n');
  const json = (args: string[]) => {
    const r = ossify([...args, '--json']);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  assert.equal(json(['repo', 'init', '--repo', repo, '--mode', 'archive']).mode, 'archive');
  const c1 = json(['repo', 'commit', '--repo', repo, '-b', 'os/main', '--tree', tree, '-s', 'one', '--add-metadata', 'version=1']);
  assert.match(c1.checksum, /^[0-9a-f]{64}$/);
  writeFileSync(path.join(tree, 'etc', 'motd'), 'hello\n');
  const c2 = json(['repo', 'commit', '--repo', repo, '-b', 'os/main', '--tree', tree, '-s', 'two', '--timestamp', '2030-01-01T00:00:00Z']);
  assert.equal(c2.parent, c1.checksum);
  assert.equal(json(['repo', 'show', '--repo', repo, 'os/main']).timestamp, '2030-01-01T00:00:00.000Z');
  assert.equal(json(['repo', 'show', '--repo', repo, 'os/main^']).metadata.version, '1');
  assert.equal(json(['repo', 'log', '--repo', repo, 'os/main']).commits.length, 2);
  assert.deepEqual(json(['repo', 'diff', '--repo', repo, 'os/main^', 'os/main']).diff.added, ['/etc/motd']);
  assert.ok(json(['repo', 'ls', '--repo', repo, '-R', 'os/main']).some((e: { path: string }) => e.path === '/etc/motd'));
  assert.equal(json(['repo', 'rev-parse', '--repo', repo, 'os/main']).checksum, c2.checksum);
  assert.equal(json(['repo', 'fsck', '--repo', repo]).ok, true);
  assert.equal(json(['repo', 'checkout', '--repo', repo, 'os/main', path.join(dir, 'out')]).files, 2);
  assert.equal(json(['repo', 'prune', '--repo', repo, '--depth', '0']).commitsRemoved, 1);
  assert.deepEqual(json(['repo', 'refs', '--repo', repo]).refs.map((r: { ref: string }) => r.ref), ['os/main']);
  const cat = ossify(['repo', 'cat', '--repo', repo, 'os/main', '/etc/motd']);
  assert.equal(cat.stdout, 'hello\n');
  // a commit prints only the checksum on stdout, so scripts can capture it
  const plain = ossify(['repo', 'commit', '--repo', repo, '-b', 'x', '--tree', tree]);
  assert.match(plain.stdout, /^[0-9a-f]{64}\n$/);
});

test('errors: one line with the code, a hint, documented exit codes; --json carries the error', (t) => {
  const dir = tempDir(t);
  const missing = ossify(['repo', 'log', '--repo', path.join(dir, 'nope'), 'main']);
  assert.equal(missing.status, 3);
  assert.equal(missing.stderr.split('\n').filter(Boolean).length, 2);
  assert.match(missing.stderr, /^ossify: .* \[ERR_OSSIFY_NOT_A_REPO\]\nhint: /);
  const asJson = ossify(['repo', 'log', '--repo', path.join(dir, 'nope'), 'main', '--json']);
  assert.equal(JSON.parse(asJson.stdout).error.code, 'ERR_OSSIFY_NOT_A_REPO');
  assert.equal(ossify(['no-such-command']).status, 2);
  assert.equal(ossify(['repo', 'commit', '--repo', dir]).status, 2, 'a missing --tree is a usage error');
  const debug = ossify(['repo', 'log', '--repo', path.join(dir, 'nope'), 'main', '--debug']);
  assert.match(debug.stderr, /at /, '--debug prints the stack');
});

test('repo diff --packages lists added, removed, upgraded and downgraded packages from commit metadata', async (t) => {
  const { commitTree, initRepo } = await import('../../src/store/index.js');
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  mkdirSync(tree);
  const repo = initRepo(path.join(dir, 'repo'));
  const pkgs = (rows: string[][]) => ({ type: 'a(sss)', value: rows });
  const a = await commitTree(repo, {
    branch: 'os', tree,
    metadata: [['ossify.packages', pkgs([['bash', '5.2.15-2+b2', 'amd64'], ['less', '590-2', 'amd64'], ['vim', '2:9.0.1378-2', 'amd64'], ['zlib1g', '1:1.2.13.dfsg-1', 'amd64']])]],
  });
  const b = await commitTree(repo, {
    branch: 'os', tree,
    metadata: [['ossify.packages', pkgs([['bash', '5.2.15-2+b7', 'amd64'], ['curl', '7.88.1-10', 'amd64'], ['vim', '2:9.0.1378-1', 'amd64'], ['zlib1g', '1:1.2.13.dfsg-1', 'amd64']])]],
  });
  const r = ossify(['repo', 'diff', '--repo', repo.path, '--packages', a.checksum, b.checksum, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout).diff;
  assert.deepEqual(d.added.map((p: { name: string }) => p.name), ['curl']);
  assert.deepEqual(d.removed.map((p: { name: string }) => p.name), ['less']);
  assert.deepEqual(d.upgraded.map((p: { name: string }) => p.name), ['bash']);
  assert.deepEqual(d.downgraded.map((p: { name: string }) => p.name), ['vim']);
  const text = ossify(['repo', 'diff', '--repo', repo.path, '--packages', 'os^', 'os']).stdout;
  assert.match(text, /^\+ curl 7\.88\.1-10/m);
  assert.match(text, /^\^ bash 5\.2\.15-2\+b2 -> 5\.2\.15-2\+b7$/m);
  const plain = ossify(['repo', 'diff', '--repo', repo.path, '--packages', 'os', 'os']);
  assert.match(plain.stdout, /no package changes/);
});
