// dpkg's version ordering, checked against `dpkg --compare-versions` itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { compareDebianVersions } from '../../src/compose/index.js';

const PAIRS: Array<[string, string]> = [
  ['1.0', '1.0'],
  ['1.0', '1.1'],
  ['1.0-1', '1.0-2'],
  ['1.0~rc1', '1.0'],
  ['1.0~rc1', '1.0~rc2'],
  ['1.0~~', '1.0~'],
  ['1.0', '1.0+b1'],
  ['1.0-1', '1.0-1+b1'],
  ['1:0.1', '2.0'],
  ['0:1.0', '1.0'],
  ['2.30', '2.3'],
  ['2.03', '2.3'],
  ['1.0a', '1.0+'],
  ['1.0a', '1.0.'],
  ['1.0', '1.0a'],
  ['10', '9'],
  ['1.2.3-4+deb12u1', '1.2.3-4'],
  ['1.2.3-4+deb12u1', '1.2.3-4+deb12u2'],
  ['5.2.15-2+b13', '5.2.15-2+b2'],
  ['1:2.38.1-5+deb12u3', '1:2.38.1-5+deb12u1'],
  ['2.6.1', '2.6.1-1'],
  ['1.0-0', '1.0'],
  ['a', 'b'],
  ['1.0~', '1.0'],
  ['1.0-1~bpo1', '1.0-1'],
  ['3.0.11-1~deb12u2', '3.0.11-1'],
  ['6.1.0-28', '6.1.0-9'],
  ['0.0.0', '00.0'],
  ['1.0.0-0ubuntu1', '1.0.0-0ubuntu1.1'],
  ['7.88.1-10+deb12u5', '7.88.1-10+deb12u12'],
];

function dpkgOrder(a: string, b: string): number {
  const lt = spawnSync('dpkg', ['--compare-versions', a, 'lt', b]).status === 0;
  const gt = spawnSync('dpkg', ['--compare-versions', a, 'gt', b]).status === 0;
  return lt ? -1 : gt ? 1 : 0;
}

test('compareDebianVersions orders versions exactly as dpkg does', () => {
  for (const [a, b] of PAIRS) {
    const expected = dpkgOrder(a, b);
    assert.equal(Math.sign(compareDebianVersions(a, b)), expected, `${a} vs ${b}`);
    assert.equal(Math.sign(compareDebianVersions(b, a)), 0 - expected || 0, `${b} vs ${a}`);
  }
});
