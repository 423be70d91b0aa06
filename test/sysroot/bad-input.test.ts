// Bad input never damages the sysroot: each case fails with a stable error code
// and a message naming the culprit, and the previous default stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  cli,
  commitSpec,
  deploymentDir,
  newSysroot,
  removeTree,
  tmpDir,
  OS,
  type TreeSpec,
} from './fixtures.js';
import { assertIntact, assertNoLeftovers } from './check-intact.js';
import { sys } from '../../src/fs/native.js';

const base: TreeSpec = { version: '1', etc: { 'a.conf': 'a=1\n' } };

function errorOf(r: { stdout: string; status: number | null }): string {
  const code = (JSON.parse(r.stdout) as { error: { code: string } }).error.code;
  // main.ts: usage errors exit 2, every other OssifyError 3.
  assert.equal(r.status, code === 'ERR_OSSIFY_USAGE' ? 2 : 3, `exit status of ${code}`);
  return code;
}

/** A sysroot with v1 deployed; `fn` breaks something and returns the CLI result. */
async function withDeployed(
  fn: (sysroot: string) => { stdout: string; status: number | null; stderr: string },
  code: string,
  mention?: string,
): Promise<void> {
  const sysroot = newSysroot();
  try {
    commitSpec(sysroot, 'demo/stable', base);
    assert.equal(cli(['deploy', '--sysroot', sysroot, 'demo/stable', '--no-fsync']).status, 0);
    const before = assertIntact(sysroot);
    const r = fn(sysroot);
    assert.equal(errorOf(r), code, r.stderr);
    if (mention) assert.match(r.stderr, new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.deepEqual(assertIntact(sysroot), before, 'previous default untouched');
    assertNoLeftovers(sysroot);
  } finally {
    removeTree(sysroot);
  }
}

const deployArgs = (s: string, rev = 'demo/stable'): string[] => [
  'deploy',
  '--sysroot',
  s,
  rev,
  '--no-fsync',
  '--json',
];

test('unknown ref', () =>
  withDeployed((s) => cli(deployArgs(s, 'demo/nope')), 'ERR_OSSIFY_REF_NOT_FOUND', 'demo/nope'));

test('tree without a kernel', () =>
  withDeployed(
    (s) => {
      commitSpec(s, 'demo/nokernel', { ...base, kernel: false });
      return cli(deployArgs(s, 'demo/nokernel'));
    },
    'ERR_OSSIFY_NO_KERNEL',
    'usr/lib/modules',
  ));

test('hostile trees: symlinked kernel, symlinked /usr/etc', async () => {
  await withDeployed(
    (s) => {
      commitSpec(s, 'demo/evil', {
        ...base,
        symlinks: { 'usr/lib/modules/6.1.0-test/vmlinuz': '/etc/shadow' },
      });
      return cli(deployArgs(s, 'demo/evil'));
    },
    'ERR_OSSIFY_UNSAFE_PATH',
    'vmlinuz',
  );
  await withDeployed(
    (s) => {
      commitSpec(s, 'demo/evil', { ...base, symlinks: { 'usr/etc': '/etc' } });
      return cli(deployArgs(s, 'demo/evil'));
    },
    'ERR_OSSIFY_UNSAFE_PATH',
    'usr/etc',
  );
});

test('a FIFO in /etc', () =>
  withDeployed(
    (s) => {
      const cur = deploymentDir(
        s,
        `${OS}/${fs.readdirSync(path.join(s, 'ostree/deploy', OS, 'deploy')).find((n) => !n.endsWith('.origin'))}`,
      );
      execFileSync('mkfifo', [path.join(cur, 'etc', 'pipe')]);
      commitSpec(s, 'demo/stable', { ...base, version: '2' });
      const r = cli(deployArgs(s));
      fs.rmSync(path.join(cur, 'etc', 'pipe'));
      return r;
    },
    'ERR_OSSIFY_SPECIAL_FILE',
    'pipe',
  ));

test('an unreadable file in /etc (without CAP_DAC_OVERRIDE)', () =>
  withDeployed(
    (s) => {
      const cur = deploymentDir(
        s,
        `${OS}/${fs.readdirSync(path.join(s, 'ostree/deploy', OS, 'deploy')).find((n) => !n.endsWith('.origin'))}`,
      );
      fs.writeFileSync(path.join(cur, 'etc', 'secret'), 'x');
      fs.chmodSync(path.join(cur, 'etc', 'secret'), 0);
      fs.chownSync(path.join(cur, 'etc', 'secret'), 65534, 65534);
      commitSpec(s, 'demo/stable', { ...base, version: '2' });
      const drop = '-dac_override,-dac_read_search';
      const out = (() => {
        try {
          const stdout = execFileSync(
            'setpriv',
            [
              '--inh-caps',
              drop,
              '--bounding-set',
              drop,
              process.execPath,
              path.resolve(import.meta.dirname, '../../bin/ossify.js'),
              ...deployArgs(s),
            ],
            { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
          );
          return { stdout, status: 0, stderr: '' };
        } catch (err) {
          const e = err as { stdout: string; status: number; stderr: string };
          return { stdout: e.stdout, status: e.status, stderr: e.stderr };
        }
      })();
      fs.rmSync(path.join(cur, 'etc', 'secret'));
      return out;
    },
    'ERR_OSSIFY_IO',
    'secret',
  ));

test('another command holds the lock (an OFD lock, as libostree takes)', () =>
  withDeployed((s) => {
    const fd = fs.openSync(path.join(s, 'ostree/lock'), 'a');
    try {
      assert.equal(sys.ofdlock(fd, 2), true);
      // stock ostree waits on the same lock: undeploy blocks until it is released
      const blocked = spawnSync('timeout', ['3', 'ostree', 'admin', 'undeploy', `--sysroot=${s}`, '0']);
      assert.equal(blocked.status, 124, 'ostree admin undeploy waits for ossify\'s lock');
      commitSpec(s, 'demo/stable', { ...base, version: '2' });
      return cli(deployArgs(s));
    } finally {
      fs.closeSync(fd);
    }
  }, 'ERR_OSSIFY_LOCKED'));

test('missing and foreign sysroots are refused without writing', () => {
  const dir = tmpDir();
  try {
    assert.equal(errorOf(cli(deployArgs(path.join(dir, 'missing')))), 'ERR_OSSIFY_SYSROOT');
    fs.writeFileSync(path.join(dir, 'precious.txt'), 'keep');
    for (const args of [
      deployArgs(dir),
      ['rollback', '--sysroot', dir, '--json'],
      ['status', '--sysroot', dir, '--json'],
      ['cleanup', '--sysroot', dir, '--json'],
    ]) {
      assert.equal(errorOf(cli(args)), 'ERR_OSSIFY_SYSROOT', args[0]);
    }
    assert.equal(
      errorOf(cli(['sysroot', 'init', '--sysroot', dir, '--os', OS, '--json'])),
      'ERR_OSSIFY_SYSROOT',
    );
    assert.deepEqual(fs.readdirSync(dir), ['precious.txt']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors: bad index, no rollback target, undeploy of the only deployment', () =>
  withDeployed((s) => {
    assert.equal(errorOf(cli(['undeploy', '--sysroot', s, '7', '--json'])), 'ERR_OSSIFY_USAGE');
    assert.equal(errorOf(cli(['rollback', '--sysroot', s, '--json'])), 'ERR_OSSIFY_TRANSITION');
    return cli(['undeploy', '--sysroot', s, '0', '--json']);
  }, 'ERR_OSSIFY_TRANSITION'));

test('a full disk (loop-mounted 24 MB ext4)', () => {
  const dir = tmpDir();
  const img = path.join(dir, 'disk.img');
  const mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
  execFileSync('truncate', ['-s', '24M', img]);
  execFileSync('mkfs.ext4', ['-q', '-F', img]);
  execFileSync('mount', ['-o', 'loop', img, mnt]);
  try {
    const s = newSysroot(path.join(mnt, 'sysroot'));
    commitSpec(s, 'demo/stable', base);
    assert.equal(cli(['deploy', '--sysroot', s, 'demo/stable']).status, 0);
    const before = assertIntact(s);
    // v2's /etc holds 4 MB that a deployment must copy (its /etc is writable, never hardlinked).
    commitSpec(s, 'demo/stable', {
      ...base,
      version: '2',
      etc: { 'a.conf': 'a=2\n', 'big.bin': 'x'.repeat(4 << 20) },
    });
    const free = fs.statfsSync(mnt);
    execFileSync('fallocate', [
      '-l',
      String(Math.max(0, free.bavail * free.bsize - (1 << 20))),
      path.join(mnt, 'filler'),
    ]);
    const r = cli(['deploy', '--sysroot', s, 'demo/stable', '--json']);
    assert.equal(errorOf(r), 'ERR_OSSIFY_NO_SPACE', r.stderr);
    assert.deepEqual(assertIntact(s), before);
    assertNoLeftovers(s);
    fs.rmSync(path.join(mnt, 'filler'));
    assert.equal(cli(['deploy', '--sysroot', s, 'demo/stable']).status, 0, 'works once space is back');
    assertIntact(s);
    removeTree(s);
  } finally {
    execFileSync('umount', [mnt]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
