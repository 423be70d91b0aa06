import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPackages, packagesFromMetadata, renderPackageDiff } from '../../src/compose/index.js';

const p = (
  name: string,
  version: string,
  arch = 'amd64',
): { name: string; version: string; arch: string } => ({
  name,
  version,
  arch,
});

test('diffPackages sorts changes into added, removed, upgraded and downgraded', () => {
  const a = [
    p('bash', '5.2.15-2+b2'),
    p('less', '590-2'),
    p('curl', '7.88.1-10+deb12u12'),
    p('zlib1g', '1:1.2.13'),
  ];
  const b = [
    p('bash', '5.2.15-2+b13'),
    p('curl', '7.88.1-10+deb12u5'),
    p('tree', '2.1.0-1'),
    p('zlib1g', '1:1.2.13'),
  ];
  assert.deepEqual(diffPackages(a, b), {
    added: [p('tree', '2.1.0-1')],
    removed: [p('less', '590-2')],
    upgraded: [{ name: 'bash', arch: 'amd64', from: '5.2.15-2+b2', to: '5.2.15-2+b13' }],
    downgraded: [{ name: 'curl', arch: 'amd64', from: '7.88.1-10+deb12u12', to: '7.88.1-10+deb12u5' }],
  });
  assert.match(renderPackageDiff(diffPackages(a, b)), /^\+ tree 2\.1\.0-1/m);
  assert.equal(renderPackageDiff(diffPackages(a, a)), 'no package changes');
});

test('packagesFromMetadata reads a(sss) as the store decodes it', () => {
  assert.deepEqual(packagesFromMetadata([['less', '590-2', 'amd64']]), [p('less', '590-2')]);
  assert.deepEqual(packagesFromMetadata('nonsense'), []);
});
