// The operator's story from the issue: deploy v1, edit /etc and /var, deploy v2,
// roll back, roll forward, deploy v3; /etc and /var checked file by file at each
// step, and `ostree admin status` must list the same deployments in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import path from 'node:path';
import { buildHost, deploy, readSysroot, rollback } from '../../src/sysroot/index.js';
import {
  commitSpec,
  deploymentDir,
  newSysroot,
  ostreeOrder,
  removeTree,
  OS,
  type TreeSpec,
} from './fixtures.js';

const v1: TreeSpec = {
  version: '1',
  etc: {
    'a.conf': 'a=1\nb=2\nc=3\n',
    'keep.conf': 'k=1\n',
    'gone.conf': 'g=1\n',
    'conflict.conf': 'x=1\n',
    'app.d': { dir: true },
    'app.d/one.conf': 'one\n',
    alt: { link: 'a.conf' },
  },
  var: { 'lib/demo/state': 'v1\n' },
};
const v2: TreeSpec = {
  version: '2',
  etc: {
    'a.conf': 'a=1\nb=2\nc=NEW\n',
    'keep.conf': 'k=2\n',
    'conflict.conf': 'x=NEW\n',
    'added.conf': 'n=1\n',
    'app.d': { dir: true },
    'app.d/one.conf': 'one\n',
    alt: { link: 'added.conf' },
  },
  var: { 'lib/demo/state': 'v2\n', 'lib/demo/v2-only': 'x\n' },
};
const v3: TreeSpec = { ...v2, version: '3', etc: { ...v2.etc, 'a.conf': 'a=1\nb=2\nc=NEW\nd=4\n' } };

/** /etc as path -> content (files), "->target" (symlinks), "/" (dirs), plus mode for files. */
function readEtc(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const abs = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(abs);
      if (st.isDirectory()) {
        out[r] = '/';
        walk(abs, r);
      } else if (st.isSymbolicLink()) out[r] = '->' + fs.readlinkSync(abs);
      else out[r] = `${(st.mode & 0o777).toString(8)} ${fs.readFileSync(abs, 'utf8')}`;
    }
  };
  walk(dir, '');
  return out;
}

test('deploy, edit, upgrade, rollback, roll forward, upgrade', async () => {
  const sysroot = newSysroot();
  try {
    const varDir = path.join(sysroot, 'ostree/deploy', OS, 'var');
    const order = (): string[] =>
      readSysroot(sysroot).state.deployments.map((d) => `${d.osname}/${d.checksum}.${d.serial}`);

    // v1: /etc is exactly the defaults, /var is seeded.
    commitSpec(sysroot, 'demo/stable', v1);
    const r1 = await deploy({ sysroot, rev: 'demo/stable', kernelArgs: ['root=LABEL=root'], fsync: false });
    const d1 = `${OS}/${r1.id}`;
    const etc1 = path.join(deploymentDir(sysroot, d1), 'etc');
    assert.deepEqual(readEtc(etc1), {
      'a.conf': '644 a=1\nb=2\nc=3\n',
      alt: '->a.conf',
      'app.d': '/',
      'app.d/one.conf': '644 one\n',
      'conflict.conf': '644 x=1\n',
      'gone.conf': '644 g=1\n',
      'keep.conf': '644 k=1\n',
    });
    assert.equal(fs.readFileSync(path.join(varDir, 'lib/demo/state'), 'utf8'), 'v1\n');
    assert.deepEqual(ostreeOrder(sysroot), [d1]);

    // The operator edits /etc and /var.
    fs.writeFileSync(path.join(etc1, 'a.conf'), 'a=LOCAL\nb=2\nc=3\n');
    fs.writeFileSync(path.join(etc1, 'conflict.conf'), 'x=LOCAL\n');
    fs.writeFileSync(path.join(etc1, 'local.conf'), 'mine\n');
    fs.chmodSync(path.join(etc1, 'keep.conf'), 0o600);
    fs.rmSync(path.join(etc1, 'app.d/one.conf'));
    fs.writeFileSync(path.join(varDir, 'lib/demo/state'), 'edited\n');
    fs.writeFileSync(path.join(varDir, 'lib/demo/data'), 'data\n');
    const etc1Edited = readEtc(etc1);

    // v2: the three-way merge.
    commitSpec(sysroot, 'demo/stable', v2);
    const r2 = await deploy({ sysroot, rev: 'demo/stable', fsync: false });
    const d2 = `${OS}/${r2.id}`;
    assert.deepEqual(
      r2.etcConflicts.map((c) => c.path),
      ['conflict.conf'],
    );
    const etc2 = path.join(deploymentDir(sysroot, d2), 'etc');
    assert.deepEqual(readEtc(etc2), {
      'a.conf': '644 a=LOCAL\nb=2\nc=NEW\n', // merged line by line
      'added.conf': '644 n=1\n', // new upstream
      alt: '->added.conf', // untouched locally: follows upstream
      'app.d': '/', // local deletion of one.conf stays
      'conflict.conf': '644 x=LOCAL\n', // both changed the same line: local stays...
      'conflict.conf.ossify-new': '644 x=NEW\n', // ...and the new default is beside it
      'keep.conf': '600 k=2\n', // upstream content, local mode
      'local.conf': '644 mine\n', // local addition stays
      // gone.conf: deleted upstream, unchanged locally -> gone
    });
    assert.deepEqual(readEtc(etc1), etc1Edited, 'the old deployment keeps its /etc');
    assert.equal(
      fs.readFileSync(path.join(varDir, 'lib/demo/state'), 'utf8'),
      'edited\n',
      '/var is never reseeded',
    );
    assert.equal(fs.existsSync(path.join(varDir, 'lib/demo/v2-only')), false);
    assert.deepEqual(order(), [d2, d1]);
    assert.deepEqual(ostreeOrder(sysroot), [d2, d1]);
    let host = buildHost(readSysroot(sysroot).state, null, null);
    assert.deepEqual(host.status.default?.etcConflicts, ['conflict.conf']);
    assert.equal(host.status.rollback?.id, r1.id);
    assert.deepEqual(host.status.default?.kernelArgs, ['root=LABEL=root'], 'kernel arguments carry over');

    // Roll back: v1 boots again with its own /etc; /var is shared and untouched.
    await rollback({ sysroot, fsync: false });
    assert.deepEqual(order(), [d1, d2]);
    assert.deepEqual(ostreeOrder(sysroot), [d1, d2]);
    assert.deepEqual(readEtc(etc1), etc1Edited);
    assert.equal(fs.readFileSync(path.join(varDir, 'lib/demo/data'), 'utf8'), 'data\n');

    // Roll forward.
    await rollback({ sysroot, fsync: false });
    assert.deepEqual(order(), [d2, d1]);
    const etc2Before = readEtc(etc2);

    // v3 merges from v2's /etc (the default), and v1 falls out (keep 2).
    commitSpec(sysroot, 'demo/stable', v3);
    const r3 = await deploy({ sysroot, rev: 'demo/stable', fsync: false });
    const d3 = `${OS}/${r3.id}`;
    assert.deepEqual(r3.etcConflicts, []);
    assert.deepEqual(r3.removed, [d1]);
    assert.equal(fs.existsSync(deploymentDir(sysroot, d1)), false);
    assert.deepEqual(readEtc(path.join(deploymentDir(sysroot, d3), 'etc')), {
      ...etc2Before,
      'a.conf': '644 a=LOCAL\nb=2\nc=NEW\nd=4\n',
    });
    assert.deepEqual(order(), [d3, d2]);
    assert.deepEqual(ostreeOrder(sysroot), [d3, d2]);
    host = buildHost(readSysroot(sysroot).state, null, null);
    assert.deepEqual(host.spec.bootOrder, [d3, d2]);
  } finally {
    removeTree(sysroot);
  }
});
