import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLockfile, renderLockfile, type Lockfile } from '../../src/compose/index.js';
import { isOssifyError } from '../../src/core/errors.js';

test('a lockfile round-trips, one sorted package per line', () => {
  const lock: Lockfile = {
    lockVersion: 1,
    timestamp: 1700000000,
    manifestDigest: 'sha256:ab',
    packages: [
      { name: 'zlib1g', version: '1:1.2.13.dfsg-1', arch: 'amd64' },
      { name: 'adduser', version: '3.134', arch: 'all' },
    ],
  };
  const text = renderLockfile(lock);
  assert.match(text, /\n {4}"adduser=3\.134:all",\n {4}"zlib1g=1:1\.2\.13\.dfsg-1:amd64"\n/);
  assert.deepEqual(parseLockfile(text), { ...lock, packages: [lock.packages[1], lock.packages[0]] });
});

const BAD: Array<[string, string]> = [
  ['not JSON', '{'],
  ['wrong version', '{"lockVersion": 2}'],
  ['bad timestamp', '{"lockVersion": 1, "timestamp": "now", "manifestDigest": "", "packages": []}'],
  ['bad entry', '{"lockVersion": 1, "timestamp": 1, "manifestDigest": "", "packages": ["less 590"]}'],
];
for (const [name, text] of BAD) {
  test(`bad lockfile: ${name}`, () => {
    assert.throws(
      () => parseLockfile(text, 'x.lock.json'),
      (err: unknown) => isOssifyError(err, 'ERR_OSSIFY_LOCKFILE') && /x\.lock\.json/.test(err.message),
    );
  });
}
