// Invariants a sysroot must satisfy after any command, finished or killed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import path from 'node:path';
import { loadSysroot } from '../../src/sysroot/index.js';
import { verifyDeployment } from '../../src/sysroot/verify-deployment.js';
import { bootEntryGet } from '../../src/sysroot/boot-entry.js';
import { readEntries } from '../../src/sysroot/load-sysroot.js';
import { openRepo } from '../../src/store/index.js';
import { ostreeStatus } from './fixtures.js';

/** The default entry boots a complete deployment; both ossify and ostree can read the sysroot. Returns the order. */
export function assertIntact(sysroot: string): string[] {
  ostreeStatus(sysroot); // throws if ostree cannot load it
  const state = loadSysroot(sysroot);
  assert.ok(state.deployments.length >= 1, 'at least one deployment');
  const repo = openRepo(path.join(sysroot, 'ostree/repo'));
  const def = state.deployments[0];
  const diffs = verifyDeployment(sysroot, repo, def);
  assert.deepEqual(diffs, [], 'default deployment matches its commit');
  for (const d of state.deployments) {
    const dir = path.join(sysroot, 'ostree/deploy', d.osname, 'deploy', `${d.checksum}.${d.serial}`);
    assert.ok(fs.existsSync(path.join(dir, 'etc')), `${dir}/etc exists`);
    assert.ok(fs.existsSync(dir + '.origin'), `${dir}.origin exists`);
  }
  for (const { entry } of readEntries(sysroot, state.bootVersion)) {
    for (const key of ['linux', 'initrd']) {
      const rel = bootEntryGet(entry, key);
      if (rel) assert.ok(fs.existsSync(path.join(sysroot, 'boot', rel)), `${key} ${rel} exists`);
    }
  }
  return state.deployments.map((d) => `${d.osname}/${d.checksum}.${d.serial}`);
}

/** After a completed command: nothing but what the entries reference. */
export function assertNoLeftovers(sysroot: string): void {
  const state = loadSysroot(sysroot);
  const b = state.bootVersion;
  assert.deepEqual(
    fs
      .readdirSync(path.join(sysroot, 'boot'))
      .filter((n) => n.startsWith('loader'))
      .sort(),
    ['loader', `loader.${b}`],
  );
  assert.deepEqual(
    fs
      .readdirSync(path.join(sysroot, 'ostree'))
      .filter((n) => n.startsWith('boot.'))
      .sort(),
    [`boot.${b}`, `boot.${b}.${state.subBootVersion}`],
  );
  for (const os of state.osnames) {
    const want = state.deployments
      .filter((d) => d.osname === os)
      .flatMap((d) => [`${d.checksum}.${d.serial}`, `${d.checksum}.${d.serial}.origin`]);
    assert.deepEqual(
      fs.readdirSync(path.join(sysroot, 'ostree/deploy', os, 'deploy')).sort(),
      want.sort(),
      `deploy dir of ${os}`,
    );
  }
  const bootDirs = [...new Set(state.deployments.map((d) => `${d.osname}-${d.bootChecksum}`))].sort();
  assert.deepEqual(fs.readdirSync(path.join(sysroot, 'boot/ostree')).sort(), bootDirs);
}
