// planCompose is pure: same inputs, same plan; inputs untouched; no I/O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  manifestDigest,
  parseManifest,
  planCompose,
  type Lockfile,
  type Manifest,
} from '../../src/compose/index.js';

const manifest = (): Manifest =>
  parseManifest(
    `ref: demo/stable
version: 2
os: demo
base: { suite: bookworm, variant: essential }
packages: [less, tree]
remove: [nano]
files:
  - { path: /etc/motd, content: hi }
  - { path: /usr/share/x, source: data/x.txt, mode: "0600", owner: "admin:users" }
users: [{ name: admin, uid: 1000 }]
units: { enable: [ssh.service] }
hostname: h
kernel: { args: [quiet] }
scripts: [echo hi]
`,
    'm.yaml',
  );

const lock: Lockfile = {
  lockVersion: 1,
  timestamp: 1700000000,
  manifestDigest: 'sha256:x',
  packages: [{ name: 'less', version: '590-2', arch: 'amd64' }],
};

test('the plan is a pure function of manifest, lock and options', () => {
  const m = manifest();
  const before = JSON.stringify([m, lock]);
  const a = planCompose(m, lock, { manifestDir: '/src' });
  const b = planCompose(manifest(), structuredClone(lock), { manifestDir: '/src' });
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify([m, lock]), before, 'inputs are not modified');
});

test('steps come in phase order and carry the lock', () => {
  const plan = planCompose(manifest(), lock, { manifestDir: '/src' });
  assert.deepEqual(
    plan.steps.map((s) => s.kind),
    ['bootstrap', 'remove', 'accounts', 'files', 'units', 'system', 'scripts', 'shape', 'commit'],
  );
  const boot = plan.steps[0];
  assert.ok(boot.kind === 'bootstrap');
  assert.equal(boot.variant, 'essential');
  assert.deepEqual(boot.include, ['less', 'tree']);
  assert.deepEqual(boot.pins, lock.packages);
  assert.equal(boot.mirrors, null);
  assert.equal(plan.timestamp, 1700000000);
  assert.equal(plan.version, '2');
  const files = plan.steps.find((s) => s.kind === 'files');
  assert.ok(files?.kind === 'files');
  assert.deepEqual(files.files[1], {
    path: '/usr/share/x',
    source: '/src/data/x.txt',
    mode: 0o600,
    owner: 'admin',
    group: 'users',
  });
  assert.deepEqual(files.files[0], {
    path: '/etc/motd',
    content: 'hi',
    mode: 0o644,
    owner: 'root',
    group: 'root',
  });
});

test('--update-lock drops pins and the lock timestamp', () => {
  const plan = planCompose(manifest(), lock, { manifestDir: '/src', updateLock: true });
  const boot = plan.steps[0];
  assert.ok(boot.kind === 'bootstrap');
  assert.deepEqual(boot.pins, []);
  assert.equal(plan.timestamp, null);
});

test('a non-suite base becomes base-tree + install', () => {
  const m = { ...manifest(), base: { tarball: 'rootfs.tar' } };
  const plan = planCompose(m, null, { manifestDir: '/src' });
  assert.deepEqual(plan.steps[0], {
    kind: 'base-tree',
    phase: 'bootstrap',
    from: 'tarball',
    location: '/src/rootfs.tar',
  });
  assert.equal(plan.steps[1].kind, 'install');
});

test('the manifest digest ignores key order and comments', () => {
  const a = parseManifest('ref: r\nversion: "1"\nos: o\nbase: { suite: bookworm }\n', 'a.yaml');
  const b = parseManifest('# comment\nos: o\nbase: { suite: bookworm }\nversion: "1"\nref: r\n', 'b.yaml');
  assert.equal(manifestDigest(a), manifestDigest(b));
  assert.notEqual(manifestDigest(a), manifestDigest({ ...a, version: '2' }));
});
