// Atomicity: deploy, rollback and cleanup killed with SIGKILL at every named
// crash point and at random instants. Each time the default entry must boot a
// complete deployment (the old or the new one), `ossify status` and `ostree admin
// status` must work, and the next command must clean every leftover.
// Runs the compiled CLI: `npm run build` (or `npx tsc -p tsconfig.build.json`) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { CLI, cli, commitSpec, newSysroot, removeTree, type TreeSpec } from './fixtures.js';
import { assertIntact, assertNoLeftovers } from './check-intact.js';
import { SYSROOT_CRASH_POINTS } from '../../src/sysroot/index.js';

const spec = (version: string): TreeSpec => ({
  version,
  etc: { 'a.conf': `a=${version}\n`, d: { dir: true }, 'd/x.conf': 'x\n' },
  var: { 'lib/app/db': 'seed\n' },
  files: Object.fromEntries(
    Array.from({ length: 200 }, (_v, i) => [`usr/share/data/${i}.txt`, `${version}-${i}\n`.repeat(50)]),
  ),
  kernel: `kernel ${version}\n`,
});

function setup(): { sysroot: string; v1: string; v2: string } {
  assert.ok(
    fs.existsSync(new URL('../../dist/cli/main.js', import.meta.url)),
    'build first: npx tsc -p tsconfig.build.json',
  );
  const sysroot = newSysroot();
  commitSpec(sysroot, 'demo/stable', spec('1'));
  const r = cli(['deploy', '--sysroot', sysroot, 'demo/stable', '--karg', 'root=LABEL=root', '--no-fsync']);
  assert.equal(r.status, 0, r.stderr);
  const before = assertIntact(sysroot);
  commitSpec(sysroot, 'demo/stable', spec('2'));
  return { sysroot, v1: before[0], v2: '' };
}

const deployV = (s: string, extra: string[] = [], env: Record<string, string> = {}): void => {
  const r = cli(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync', ...extra], env);
  assert.ok(r.status === 0 || r.signal === 'SIGKILL', r.stderr);
};

// Each command with the crash points it must pass through, and a preparation that
// makes every one of them reachable (e.g. a deployment for the cleanup to delete).
const commands: Array<{
  name: string;
  points: string[];
  args: (s: string) => string[];
  prepare?: (s: string) => void;
}> = [
  {
    name: 'deploy',
    // a second deployment, so that this deploy (keep 2) also deletes the oldest
    prepare: (s) => deployV(s),
    points: SYSROOT_CRASH_POINTS.filter((p) => p !== 'cleanup:after-prune'),
    args: (s) => ['deploy', '--sysroot', s, 'demo/stable'],
  },
  {
    name: 'rollback',
    prepare: (s) => deployV(s),
    points: [
      'cleanup:after-loader',
      'boot:after-entries',
      'boot:before-swap',
      'boot:after-swap',
      'cleanup:after-loader:2',
    ],
    args: (s) => ['rollback', '--sysroot', s],
  },
  {
    name: 'cleanup',
    // a deploy killed right after its switch leaves the superseded deployment behind
    prepare: (s) => deployV(s, ['--keep', '1'], { OSSIFY_CRASH_AT: 'boot:after-swap' }),
    points: ['cleanup:after-loader', 'cleanup:mid-deployments', 'cleanup:after-prune'],
    args: (s) => ['cleanup', '--sysroot', s],
  },
];

for (const cmd of commands) {
  for (const point of cmd.points) {
    test(`${cmd.name} killed at ${point}`, () => {
      const { sysroot } = setup();
      try {
        cmd.prepare?.(sysroot);
        const before = assertIntact(sysroot);
        const r = cli(cmd.args(sysroot), { OSSIFY_CRASH_AT: point });
        assert.equal(r.signal, 'SIGKILL', `the command passed ${point}: ${r.stderr}`);
        const after = assertIntact(sysroot);
        const status = cli(['status', '--sysroot', sysroot, '--json']);
        assert.equal(status.status, 0, status.stderr);
        if (!point.startsWith('cleanup') && point !== 'boot:after-swap') {
          assert.deepEqual(after, before, 'killed before the switch: the old order stands');
        }
        const next = cli(['cleanup', '--sysroot', sysroot, '--no-prune']);
        assert.equal(next.status, 0, next.stderr);
        assertNoLeftovers(sysroot);
        assertIntact(sysroot);
      } finally {
        removeTree(sysroot);
      }
    });
  }
}

test('random-instant kills of deploy and rollback (20 runs)', async () => {
  const { sysroot } = setup();
  try {
    const t0 = Date.now();
    assert.equal(cli(['deploy', '--sysroot', sysroot, 'demo/stable']).status, 0);
    const span = Math.max(50, Date.now() - t0);
    let killed = 0;
    for (let i = 0; i < 20; i++) {
      const args =
        i % 3 === 2
          ? ['rollback', '--sysroot', sysroot]
          : ['deploy', '--sysroot', sysroot, 'demo/stable', '--keep', String(2 + (i % 2))];
      const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
      const delay = Math.floor(Math.random() * span);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const [code, signal] = await new Promise<[number | null, string | null]>((res) =>
        child.on('exit', (c, s) => res([c, s])),
      );
      clearTimeout(timer);
      if (signal === 'SIGKILL') killed++;
      else assert.equal(code, 0, `run ${i} (${args[0]}) exit ${code}`);
      assertIntact(sysroot);
    }
    assert.equal(cli(['cleanup', '--sysroot', sysroot]).status, 0);
    assertNoLeftovers(sysroot);
    assertIntact(sysroot);
    assert.ok(killed > 0, 'at least one run was actually killed');
  } finally {
    removeTree(sysroot);
  }
});

test('two commands at once never interleave: one waits its turn or is refused with ERR_OSSIFY_LOCKED', async () => {
  const { sysroot } = setup();
  try {
    assert.equal(cli(['deploy', '--sysroot', sysroot, 'demo/stable', '--no-fsync']).status, 0);
    for (let round = 0; round < 5; round++) {
      const run = (args: string[]): Promise<{ code: number | null; out: string }> =>
        new Promise((res) => {
          const child = spawn(process.execPath, [CLI, ...args, '--json'], {
            stdio: ['ignore', 'pipe', 'ignore'],
          });
          let out = '';
          child.stdout.on('data', (b: Buffer) => (out += b.toString()));
          child.on('exit', (code) => res({ code, out }));
        });
      const results = await Promise.all([
        run(['deploy', '--sysroot', sysroot, 'demo/stable', '--keep', '3']),
        run(['rollback', '--sysroot', sysroot]),
      ]);
      for (const r of results) {
        if (r.code !== 0) {
          assert.equal(r.code, 3);
          assert.equal((JSON.parse(r.out) as { error: { code: string } }).error.code, 'ERR_OSSIFY_LOCKED');
        }
      }
      assertIntact(sysroot);
    }
    assert.equal(cli(['cleanup', '--sysroot', sysroot, '--no-prune']).status, 0);
    assertNoLeftovers(sysroot);
  } finally {
    removeTree(sysroot);
  }
});
