// Kernel arguments an image asks for (compose's kernel.args, recorded as
// ossify.kargs): a first deploy starts from them; an upgrade keeps the
// operator's arguments and applies what the image changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import path from 'node:path';
import { commitTree, openRepo } from '../../src/store/index.js';
import { OS, cli, newSysroot, removeTree, tmpDir, writeTree } from './fixtures.js';

async function commitWithKargs(sysroot: string, version: string, kargs: string[]): Promise<string> {
  const tree = tmpDir('ossify-tree-');
  try {
    writeTree(tree, { version, etc: { hostname: 'h\n' } });
    const repo = openRepo(path.join(sysroot, 'ostree/repo'));
    const r = await commitTree(repo, {
      branch: 'demo/stable',
      tree,
      metadata: [['version', version], ['ossify.kargs', kargs]],
    });
    return r.checksum;
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

function defaultKargs(sysroot: string): string[] {
  const host = JSON.parse(cli(['status', '--sysroot', sysroot, '--json']).stdout);
  return host.status.default.kernelArgs;
}

test('image kernel arguments: first deploy, operator edits, upgrade', async () => {
  const s = newSysroot();
  try {
    await commitWithKargs(s, '1', ['quiet', 'console=ttyS0']);
    const d1 = cli(['deploy', '--sysroot', s, '--os', OS, 'demo/stable', '--no-fsync']);
    assert.equal(d1.status, 0, d1.stderr);
    assert.deepEqual(defaultKargs(s), ['quiet', 'console=ttyS0']);
    assert.equal(cli(['kargs', '--sysroot', s, '--append', 'rd.debug']).status, 0);
    await commitWithKargs(s, '2', ['console=ttyS1', 'mitigations=off']);
    const d2 = cli(['upgrade', '--sysroot', s, '--no-fsync']);
    assert.equal(d2.status, 0, d2.stderr);
    // quiet was dropped by the image, console changed, mitigations added, rd.debug (operator's) kept
    assert.deepEqual(defaultKargs(s).sort(), ['console=ttyS1', 'mitigations=off', 'rd.debug'].sort());
  } finally {
    removeTree(s);
  }
});
