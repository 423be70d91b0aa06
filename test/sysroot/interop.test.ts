// Interoperability with libostree, both directions: `ostree admin` must read our
// sysroots in our order, and deployments `ostree admin deploy` writes must show
// up in `ossify status`, be verified, and be rolled back to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import path from 'node:path';
import { deploy, rollback, readSysroot, buildHost, makeDefault, undeploy } from '../../src/sysroot/index.js';
import { verifyDeployment } from '../../src/sysroot/verify-deployment.js';
import { openRepo } from '../../src/store/index.js';
import { commitSpec, newSysroot, ostreeOrder, removeTree, tmpDir, OS, type TreeSpec } from './fixtures.js';
import { assertIntact, assertNoLeftovers } from './check-intact.js';

const spec = (version: string): TreeSpec => ({
  version,
  etc: { 'os.conf': `v=${version}\na=1\nb=2\n`, 'os-release': { link: '../usr/lib/os-release' } },
});
const ostreeAdmin = (sysroot: string, ...args: string[]): string =>
  execFileSync('ostree', ['admin', ...args, `--sysroot=${sysroot}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const order = (sysroot: string): string[] =>
  readSysroot(sysroot).state.deployments.map((d) => `${d.osname}/${d.checksum}.${d.serial}`);

test('ostree admin deploy on an ossify sysroot, then ossify rolls back to it and back', async () => {
  const sysroot = newSysroot();
  try {
    commitSpec(sysroot, 'demo/stable', spec('1'));
    await deploy({ sysroot, rev: 'demo/stable', kernelArgs: ['root=LABEL=root', 'quiet'], fsync: false });
    commitSpec(sysroot, 'demo/stable', spec('2'));
    await deploy({ sysroot, rev: 'demo/stable', fsync: false });
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));

    // libostree adds a third deployment on top of ours.
    commitSpec(sysroot, 'demo/stable', spec('3'));
    ostreeAdmin(sysroot, 'deploy', '--retain', `--os=${OS}`, 'demo/stable');
    const mine = order(sysroot);
    assert.deepEqual(mine, ostreeOrder(sysroot));
    assert.equal(mine.length, 3);
    const host = buildHost(readSysroot(sysroot).state, openRepo(path.join(sysroot, 'ostree/repo')), null);
    assert.equal(host.status.default?.version, '3');
    assert.equal(host.status.default?.ref, 'demo/stable');
    assert.deepEqual(
      host.status.default?.kernelArgs,
      ['root=LABEL=root', 'quiet'],
      'ostree carried our kernel arguments',
    );
    const state = readSysroot(sysroot).state;
    assert.deepEqual(
      verifyDeployment(sysroot, openRepo(path.join(sysroot, 'ostree/repo')), state.deployments[0]),
      [],
    );
    assertIntact(sysroot);

    // ossify rolls back from ostree's deployment to ours, and forward again.
    await rollback({ sysroot, fsync: false });
    assert.deepEqual(order(sysroot), [mine[1], mine[0], mine[2]]);
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));
    await makeDefault({ sysroot, index: 1, fsync: false });
    assert.deepEqual(order(sysroot), mine);
    assertNoLeftovers(sysroot);

    // ossify deploys over ostree's deployment: the /etc merge starts from ostree's /etc.
    const ostreeEtc = path.join(sysroot, 'ostree/deploy', OS, 'deploy', mine[0].split('/')[1], 'etc');
    fs.writeFileSync(path.join(ostreeEtc, 'os.conf'), 'v=3\na=1\nb=2\nlocal=1\n');
    commitSpec(sysroot, 'demo/stable', spec('4'));
    const r4 = await deploy({ sysroot, rev: 'demo/stable', fsync: false, keep: 3 });
    assert.deepEqual(
      r4.etcConflicts.map((c) => c.path),
      [],
    );
    const etc4 = path.join(sysroot, 'ostree/deploy', OS, 'deploy', r4.id, 'etc', 'os.conf');
    assert.equal(fs.readFileSync(etc4, 'utf8'), 'v=4\na=1\nb=2\nlocal=1\n');
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));

    // and libostree can undeploy what we wrote.
    ostreeAdmin(sysroot, 'undeploy', '1');
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));
    await undeploy({ sysroot, index: 1, fsync: false });
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));
    assertIntact(sysroot);
    assertNoLeftovers(sysroot);
  } finally {
    removeTree(sysroot);
  }
});

test('a sysroot made entirely by ostree admin', async () => {
  const sysroot = tmpDir();
  try {
    ostreeAdmin(sysroot, 'init-fs', sysroot);
    ostreeAdmin(sysroot, 'os-init', OS);
    commitSpec(sysroot, 'demo/stable', spec('1'));
    ostreeAdmin(sysroot, 'deploy', `--os=${OS}`, '--karg=root=LABEL=root', 'demo/stable');
    const theirs = order(sysroot);
    assert.deepEqual(theirs, ostreeOrder(sysroot));
    commitSpec(sysroot, 'demo/stable', spec('2'));
    await deploy({ sysroot, rev: 'demo/stable', fsync: false });
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));
    assert.equal(order(sysroot)[1], theirs[0]);
    const status = ostreeAdmin(sysroot, 'status');
    assert.match(status, /Version: 2/);
    assertIntact(sysroot);
  } finally {
    removeTree(sysroot);
  }
});

test('a stateroot from `ostree admin os-init` and a legacy tree with /etc at the top', async () => {
  const sysroot = tmpDir();
  try {
    ostreeAdmin(sysroot, 'init-fs', sysroot);
    ostreeAdmin(sysroot, 'os-init', OS); // creates OS/var only, no OS/deploy yet
    const treeWithEtc: TreeSpec = { version: '1', files: { 'etc/legacy.conf': 'l=1\n' } };
    commitSpec(sysroot, 'demo/legacy', treeWithEtc);
    const r = await deploy({ sysroot, rev: 'demo/legacy', fsync: false });
    const dir = path.join(sysroot, 'ostree/deploy', OS, 'deploy', r.id);
    assert.equal(fs.readFileSync(path.join(dir, 'etc/legacy.conf'), 'utf8'), 'l=1\n');
    assert.equal(
      fs.readFileSync(path.join(dir, 'usr/etc/legacy.conf'), 'utf8'),
      'l=1\n',
      '/etc became the defaults',
    );
    assert.deepEqual(ostreeOrder(sysroot), order(sysroot));
    assertIntact(sysroot);
  } finally {
    removeTree(sysroot);
  }
});
