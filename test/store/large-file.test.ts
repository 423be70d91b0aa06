// A sparse 5 GiB file commits and checks out with flat memory: content streams in
// 1 MiB chunks, and all-zero chunks stay holes on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, statSync, writeSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir } from '../helpers/temp-dir.js';
import { run, OSSIFY_BIN } from '../helpers/run.js';

const GiB = 1024 ** 3;

function maxRss(args: string[]): { rssMb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS %M', process.execPath, OSSIFY_BIN, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const m = /RSS (\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { rssMb: Number(m[1]) / 1024, stdout: r.stdout };
}

test('a sparse 5 GiB file commits and checks out with flat memory, and stays sparse', { timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  mkdirSync(tree);
  const file = path.join(tree, 'disk.img');
  const fd = openSync(file, 'w');
  writeSync(fd, Buffer.from('header'), 0, 6, 0);
  writeSync(fd, Buffer.from('middle'), 0, 6, 2 * GiB + 12345);
  ftruncateSync(fd, 5 * GiB);
  closeSync(fd);
  const repo = path.join(dir, 'repo');
  run(process.execPath, [OSSIFY_BIN, 'repo', 'init', '--repo', repo]);
  const commit = maxRss(['repo', 'commit', '--repo', repo, '-b', 'big', '--tree', tree]);
  assert.ok(commit.rssMb < 200, `commit peak RSS ${commit.rssMb.toFixed(0)} MB`);
  const out = path.join(dir, 'copy');
  const checkout = maxRss(['repo', 'checkout', '--repo', repo, '--copy', 'big', out]);
  assert.ok(checkout.rssMb < 200, `checkout peak RSS ${checkout.rssMb.toFixed(0)} MB`);
  const st = statSync(path.join(out, 'disk.img'));
  assert.equal(st.size, 5 * GiB);
  assert.ok(st.blocks * 512 < 64 * 1024 * 1024, `checkout stays sparse (${st.blocks * 512} bytes allocated)`);
  const fsck = maxRss(['repo', 'fsck', '--repo', repo]);
  assert.ok(fsck.rssMb < 200, `fsck peak RSS ${fsck.rssMb.toFixed(0)} MB`);
  const cat = run('sh', ['-c', `node ${OSSIFY_BIN} repo cat --repo ${repo} big /disk.img | head -c 6`]);
  assert.equal(cat, 'header');
});
