// The booted deployment: found from the ostree= kernel argument and the running
// root's device/inode; it shows in status and no transition may remove it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as fs from 'node:fs';
import { buildHost, deploy, readSysroot } from '../../src/sysroot/index.js';
import { findBooted } from '../../src/sysroot/find-booted.js';
import { checkTransition, planDeploy } from '../../src/sysroot/plan-deployments.js';
import { bootEntryGet } from '../../src/sysroot/boot-entry.js';
import { readEntries } from '../../src/sysroot/load-sysroot.js';
import { isOssifyError } from '../../src/core/errors.js';
import { commitSpec, newSysroot, removeTree, OS } from './fixtures.js';

test('findBooted matches the running root, falls back to the bootlink, ignores other kernels', async () => {
  const s = newSysroot();
  try {
    commitSpec(s, 'demo/stable', { version: '1' });
    await deploy({ sysroot: s, rev: 'demo/stable', fsync: false });
    commitSpec(s, 'demo/stable', { version: '2' });
    await deploy({ sysroot: s, rev: 'demo/stable', fsync: false });
    const { state } = readSysroot(s);
    const [d0, d1] = state.deployments;
    const dir1 = path.join(s, 'ostree/deploy', OS, 'deploy', `${d1.checksum}.${d1.serial}`);
    const entries = readEntries(s, state.bootVersion);
    const arg1 = bootEntryGet(entries[1].entry, 'options')!
      .split(' ')
      .find((a) => a.startsWith('ostree='))!;

    // Booted into deployment 1 (the rollback): the root is that directory.
    const booted = findBooted(s, state.deployments, { cmdline: `BOOT_IMAGE=x ${arg1} quiet`, root: dir1 });
    assert.equal(booted?.checksum, d1.checksum);
    // A chroot-like root that is not a deployment: the bootlink decides.
    assert.equal(
      findBooted(s, state.deployments, { cmdline: arg1, root: fs.mkdtempSync('/tmp/ossify-root-') })
        ?.checksum,
      d1.checksum,
    );
    // Not an OSTree boot at all.
    assert.equal(findBooted(s, state.deployments, { cmdline: 'root=/dev/sda quiet', root: dir1 }), null);

    const host = buildHost(state, null, booted);
    assert.equal(host.status.booted?.index, 1);
    assert.equal(host.status.default?.index, 0);

    // Deploying with --keep 1 still keeps the booted deployment; dropping it is refused.
    const ctx = { current: state.deployments, booted };
    const next = planDeploy(ctx, { ...d0, serial: 9 }, 1);
    assert.deepEqual(
      next.map((d) => d.serial),
      [9, d1.serial],
    );
    assert.throws(
      () => checkTransition(ctx, [d0]),
      (e) => isOssifyError(e, 'ERR_OSSIFY_TRANSITION'),
    );
  } finally {
    removeTree(s);
  }
});

test('two operating systems side by side: --os, per-OS rollback, shared boot order', async () => {
  const s = newSysroot();
  try {
    fs.mkdirSync(path.join(s, 'ostree/deploy/other/var'), { recursive: true });
    commitSpec(s, 'demo/stable', { version: '1' });
    commitSpec(s, 'other/stable', { version: '7', kernel: 'other kernel\n' });
    await assert.rejects(deploy({ sysroot: s, rev: 'demo/stable', fsync: false }), (e) =>
      isOssifyError(e, 'ERR_OSSIFY_USAGE'),
    );
    await deploy({ sysroot: s, rev: 'demo/stable', osname: 'demo', fsync: false });
    await deploy({ sysroot: s, rev: 'other/stable', osname: 'other', fsync: false });
    await deploy({ sysroot: s, rev: 'other/stable', osname: 'other', fsync: false, keep: 1 });
    const host = buildHost(readSysroot(s).state, null, null);
    assert.deepEqual(
      host.status.deployments.map((d) => `${d.osname}.${d.serial}`),
      ['other.1', 'demo.0'],
    );
    assert.equal(host.status.rollback, null, 'no second deployment of the default OS');
    assert.equal(
      fs.readdirSync(path.join(s, 'boot/ostree')).length,
      2,
      'one kernel directory per OS and boot checksum',
    );
  } finally {
    removeTree(s);
  }
});
