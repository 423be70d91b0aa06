// The smaller commands through the CLI: status (text golden, --json, --schema),
// pin/unpin, kargs, etc diff, verify (with tampering), undeploy, cleanup; the
// immutable flag; and the storage claim (three deployments ~ one, via hardlinks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import {
  cli,
  commitSpec,
  deploymentDir,
  newSysroot,
  removeTree,
  ostreeOrder,
  type TreeSpec,
} from './fixtures.js';
import { assertIntact, assertNoLeftovers } from './check-intact.js';
import { isImmutable } from '../../src/sysroot/immutable.js';
import { HostSchema, type Host } from '../../src/sysroot/index.js';

const spec = (version: string, big = false): TreeSpec => ({
  version,
  etc: { 'app.conf': `v=${version}\n`, 'fixed.conf': 'same\n' },
  files: big
    ? Object.fromEntries(
        Array.from({ length: 40 }, (_v, i) => [`usr/lib/big/${i}.bin`, Buffer.alloc(256 * 1024, i)]),
      )
    : {},
});

function ok(args: string[]): string {
  const r = cli(args);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function status(s: string): Host {
  return HostSchema.parse(JSON.parse(ok(['status', '--sysroot', s, '--json'])));
}

test('status, pin, kargs, etc diff, verify, undeploy, cleanup', () => {
  const s = newSysroot();
  try {
    commitSpec(s, 'demo/stable', spec('1'));
    ok(['deploy', '--sysroot', s, 'demo/stable', '--karg', 'root=LABEL=root', '--no-fsync']);
    commitSpec(s, 'demo/stable', spec('2'));
    ok(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync']);
    let h = status(s);
    assert.equal(h.apiVersion, 'ossify.dev/v1');
    assert.equal(h.status.default?.version, '2');
    assert.equal(h.status.rollback?.version, '1');
    assert.equal(h.status.booted, null);

    // Text rendering, with checksums and times masked.
    const text = ok(['status', '--sysroot', s])
      .replace(/[0-9a-f]{64}/g, 'CSUM')
      .replace(/\(\d{4}-[^)]*\)/g, '(TIME)');
    assert.equal(
      text,
      [
        '  0: demo CSUM.0 (default)',
        '      Version: 2 (TIME)',
        '      Origin: demo/stable',
        '      Kernel: 6.1.0-test; args: root=LABEL=root',
        '  1: demo CSUM.0 (rollback)',
        '      Version: 1 (TIME)',
        '      Origin: demo/stable',
        '      Kernel: 6.1.0-test; args: root=LABEL=root',
        '',
      ].join('\n'),
    );
    const schema = JSON.parse(ok(['status', '--schema'])) as { properties: { kind: unknown } };
    assert.ok(schema.properties.kind);

    // Pinned deployments survive deploys that would otherwise drop them.
    ok(['pin', '--sysroot', s, '1']);
    assert.equal(status(s).status.pinned[0]?.version, '1');
    commitSpec(s, 'demo/stable', spec('3'));
    ok(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync']);
    h = status(s);
    assert.deepEqual(
      h.status.deployments.map((d) => d.version),
      ['3', '2', '1'],
    );
    assert.equal(
      cli(['undeploy', '--sysroot', s, '2', '--json']).status,
      0,
      'explicit undeploy may remove a pinned one',
    );
    ok(['pin', '--sysroot', s, '1']);
    ok(['unpin', '--sysroot', s, '1']);
    assert.deepEqual(status(s).status.pinned, []);

    // Kernel arguments of the default.
    assert.equal(
      ok(['kargs', '--sysroot', s, '--append', 'quiet', '--replace', 'root=LABEL=new', '--no-fsync']).trim(),
      'root=LABEL=new quiet',
    );
    assert.deepEqual(status(s).status.default?.kernelArgs, ['root=LABEL=new', 'quiet']);
    assert.match(
      fs.readFileSync(
        path.join(
          s,
          'boot/loader/entries',
          fs.readdirSync(path.join(s, 'boot/loader/entries')).sort().at(-1)!,
        ),
        'utf8',
      ),
      /options root=LABEL=new quiet ostree=/,
    );
    ok(['kargs', '--sysroot', s, '--delete', 'quiet', '--no-fsync']);
    assert.deepEqual(status(s).status.default?.kernelArgs, ['root=LABEL=new']);

    // etc diff.
    const def = `demo/${status(s).status.default!.id}`;
    const etc = path.join(deploymentDir(s, def), 'etc');
    fs.writeFileSync(path.join(etc, 'app.conf'), 'v=mine\n');
    fs.chmodSync(path.join(etc, 'fixed.conf'), 0o600);
    fs.writeFileSync(path.join(etc, 'new.conf'), 'n\n');
    const diff = JSON.parse(ok(['etc', 'diff', '--sysroot', s, '--json'])) as { changes: unknown[] };
    assert.deepEqual(diff.changes, [
      { path: 'app.conf', change: 'modified', aspects: ['content'] },
      { path: 'fixed.conf', change: 'modified', aspects: ['mode'] },
      { path: 'new.conf', change: 'added' },
    ]);

    // verify finds tampering; the deployment root is immutable.
    assert.equal(isImmutable(deploymentDir(s, def)), true);
    assert.equal(cli(['verify', '--sysroot', s]).status, 0);
    const hello = path.join(deploymentDir(s, def), 'usr/bin/hello');
    const tampered = fs.readFileSync(hello);
    fs.rmSync(hello);
    fs.writeFileSync(hello, 'evil\n', { mode: 0o755 });
    fs.chmodSync(path.join(deploymentDir(s, def), 'usr/lib/os-release'), 0o600);
    const v = cli(['verify', '--sysroot', s, '--json']);
    assert.equal(v.status, 1);
    assert.deepEqual(
      (JSON.parse(v.stdout) as { differences: Array<{ path: string; kind: string }> }).differences
        .map((x) => `${x.kind} ${x.path}`)
        .sort(),
      [
        'checksum /usr/lib/os-release', // chmod through the hardlink changed the repository object too
        'content /usr/bin/hello',
      ],
    );
    fs.chmodSync(path.join(deploymentDir(s, def), 'usr/lib/os-release'), 0o644);
    fs.rmSync(hello);
    fs.writeFileSync(hello, tampered, { mode: 0o755 });

    // cleanup prunes what no ref or deployment reaches.
    ok(['cleanup', '--sysroot', s]);
    assertNoLeftovers(s);
    assertIntact(s);
    execFileSync('ostree', ['fsck', `--repo=${path.join(s, 'ostree/repo')}`], { stdio: 'ignore' });
    assert.deepEqual(ostreeOrder(s), status(s).spec.bootOrder);
  } finally {
    removeTree(s);
  }
});

test('upgrade deploys the origin ref only when it moved', () => {
  const s = newSysroot();
  try {
    commitSpec(s, 'demo/stable', spec('1'));
    ok(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync']);
    assert.match(ok(['upgrade', '--sysroot', s, '--no-fsync']), /is up to date/);
    assert.equal(status(s).status.deployments.length, 1);
    commitSpec(s, 'demo/stable', spec('2'));
    ok(['upgrade', '--sysroot', s, '--no-fsync']);
    assert.deepEqual(
      status(s).status.deployments.map((d) => d.version),
      ['2', '1'],
    );
    assert.match(ok(['upgrade', '--sysroot', s, '--no-fsync']), /is up to date/);
  } finally {
    removeTree(s);
  }
});

test('three deployments of successive versions take little more space than one', () => {
  const s = newSysroot();
  const du = (p: string): number =>
    Number(execFileSync('du', ['-sk', p], { encoding: 'utf8' }).split('\t')[0]);
  try {
    const repoOnly: number[] = [];
    const sizes: number[] = [];
    for (const v of ['1', '2', '3']) {
      commitSpec(s, 'demo/stable', spec(v, true));
      repoOnly.push(du(path.join(s, 'ostree/repo')));
      ok(['deploy', '--sysroot', s, 'demo/stable', '--keep', '3', '--no-fsync']);
      sizes.push(du(s));
    }
    const tree = 40 * 256; // KiB of file content per version
    // du counts each hardlinked inode once: deployments add only directories and /etc copies.
    assert.ok(sizes[2] - sizes[0] < tree * 0.1, `3 deployments ${sizes[2]} KiB vs 1: ${sizes[0]} KiB`);
    assert.ok(
      sizes[0] - repoOnly[0] < tree * 0.1,
      `a deployment costs ~nothing beyond the repo (${sizes[0] - repoOnly[0]} KiB)`,
    );
    assert.equal(status(s).status.deployments.length, 3);
  } finally {
    removeTree(s);
  }
});

test('deploy reports /etc conflicts (and still succeeds), the conflict in status, NAME.ossify-new beside', () => {
  const s = newSysroot();
  try {
    commitSpec(s, 'demo/stable', spec('1'));
    ok(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync']);
    const etc = path.join(deploymentDir(s, `demo/${status(s).status.default!.id}`), 'etc');
    fs.writeFileSync(path.join(etc, 'app.conf'), 'v=mine\n');
    commitSpec(s, 'demo/stable', spec('2'));
    const r = cli(['deploy', '--sysroot', s, 'demo/stable', '--no-fsync']);
    // Exit 0: the deployment is made; scripts (scripts/demo.sh runs with set -e) go on.
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\/etc conflict: app\.conf/);
    const def = status(s).status.default!;
    assert.equal(def.version, '2', 'the deployment is made regardless');
    assert.deepEqual(def.etcConflicts, ['app.conf']);
    const etc2 = path.join(deploymentDir(s, `demo/${def.id}`), 'etc');
    assert.equal(fs.readFileSync(path.join(etc2, 'app.conf'), 'utf8'), 'v=mine\n');
    assert.equal(fs.readFileSync(path.join(etc2, 'app.conf.ossify-new'), 'utf8'), 'v=2\n');
  } finally {
    removeTree(s);
  }
});
