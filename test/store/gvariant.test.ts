// The GVariant codec against byte vectors (as GLib serialises them) and against
// every metadata object a real `ostree commit` writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { deserialize, serialize } from '../../src/core/gvariant/index.js';
import { parseCommit, parseDirMeta, parseDirTree, serializeCommit, serializeDirMeta, serializeDirTree } from '../../src/core/ostree/index.js';
import { isOssifyError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ostree } from '../helpers/run.js';

const vectors: Array<[string, unknown, string]> = [
  ['u', 0x01020304, '04030201'],
  ['s', 'hi', '686900'],
  ['ay', Buffer.from([1, 2]), '0102'],
  ['as', ['a', 'bc'], '6100626300' + '0205'],
  ['(su)', ['a', 7], '610000000700000002'],
  ['(us)', [7, 'a'], '070000006100'],
  ['a{sv}', [['k', { type: 's', value: 'v' }]], '6b00' + '00'.repeat(6) + '76000073' + '02' + '0d'],
  ['(ayay)', [Buffer.from('n\0'), Buffer.from([9])], '6e0009' + '02'],
  ['a(say)', [], ''],
  ['()', [], '00'],
  ['(yt)', [1, 2n], '01' + '00'.repeat(7) + '0200000000000000'],
  ['b', true, '01'],
  ['mu', null, ''],
  ['mu', 5, '05000000'],
  ['ms', 'x', '780000'],
];

test('serialises and parses GLib byte vectors', async (t) => {
  for (const [type, value, hex] of vectors) {
    await t.test(`${type} ${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`, () => {
      assert.equal(serialize(type, value).toString('hex'), hex);
      assert.deepEqual(deserialize(type, Buffer.from(hex, 'hex')), value);
    });
  }
});

test('uses 2-byte framing offsets once a container passes 255 bytes', () => {
  const long = 'x'.repeat(300);
  const data = serialize('as', [long, 'y']);
  assert.equal(data.length, 301 + 2 + 4);
  assert.deepEqual(deserialize('as', data), [long, 'y']);
});

test('rejects malformed data with ERR_OSSIFY_INVALID_GVARIANT', async (t) => {
  const bad: Array<[string, string]> = [
    ['s', '6869'], // no NUL
    ['u', '0102'], // wrong size
    ['as', '6100ff'], // offset past the end
    ['(su)', '61'],
    ['v', '0102'], // no type separator
  ];
  for (const [type, hex] of bad) {
    await t.test(`${type} ${hex}`, () => {
      assert.throws(() => deserialize(type, Buffer.from(hex, 'hex')), (e) => isOssifyError(e, 'ERR_OSSIFY_INVALID_GVARIANT'));
    });
  }
});

test('round-trips every metadata object that ostree commit wrote, byte for byte', (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  mkdirSync(path.join(tree, 'a/b/c'), { recursive: true });
  for (let i = 0; i < 40; i++) writeFileSync(path.join(tree, 'a', `file-${i}-${'n'.repeat(i)}`), String(i));
  const repo = path.join(dir, 'repo');
  ostree(['init', `--repo=${repo}`, '--mode=bare']);
  ostree([
    'commit', `--repo=${repo}`, '-b', 'os/x', `--tree=dir=${tree}`, '-s', 'subject', '-m', 'body\nlines',
    '--add-metadata-string=version=42', '--timestamp=2021-02-03T04:05:06Z',
  ]);
  ostree(['commit', `--repo=${repo}`, '-b', 'os/x', `--tree=dir=${tree}`, '-s', 'child']);
  let checked = 0;
  for (const prefix of readdirSync(path.join(repo, 'objects'))) {
    for (const name of readdirSync(path.join(repo, 'objects', prefix))) {
      const [rest, ext] = name.split('.');
      const data = readFileSync(path.join(repo, 'objects', prefix, name));
      const again =
        ext === 'commit' ? serializeCommit(parseCommit(data))
        : ext === 'dirtree' ? serializeDirTree(parseDirTree(data))
        : ext === 'dirmeta' ? serializeDirMeta(parseDirMeta(data))
        : null;
      if (!again) continue;
      assert.ok(again.equals(data), `${ext} ${prefix}${rest} re-serialises differently`);
      assert.equal(createHash('sha256').update(again).digest('hex'), prefix + rest);
      checked++;
    }
  }
  assert.ok(checked >= 7, `checked ${checked} metadata objects`);
});

test('the hand-written dirtree parser agrees with the generic decoder, and refuses damage', async () => {
  const { randomBytes } = await import('node:crypto');
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (const count of [0, 1, 5, 40, 300, 3000]) {
    const name = (i: number) => Buffer.from(`entry-${i}-${'x'.repeat(rnd(40))}`);
    const tree = {
      files: Array.from({ length: count }, (_, i) => ({ name: name(i), checksum: randomBytes(32).toString('hex') })),
      dirs: Array.from({ length: rnd(count + 1) }, (_, i) => ({
        name: name(i + count),
        treeChecksum: randomBytes(32).toString('hex'),
        metaChecksum: randomBytes(32).toString('hex'),
      })),
    };
    const bytes = serializeDirTree(tree);
    const fast = parseDirTree(bytes);
    const [gf, gd] = deserialize('(a(ayay)a(ayayay))', bytes) as [Array<[Buffer, Buffer]>, Array<[Buffer, Buffer, Buffer]>];
    assert.deepEqual(fast.files.map((f) => [f.name.toString(), f.checksum]), gf.map(([n, c]) => [n.subarray(0, -1).toString(), c.toString('hex')]));
    assert.deepEqual(
      fast.dirs.map((d) => [d.name.toString(), d.treeChecksum, d.metaChecksum]),
      gd.map(([n, t, m]) => [n.subarray(0, -1).toString(), t.toString('hex'), m.toString('hex')]),
    );
    assert.ok(serializeDirTree(fast).equals(bytes));
    if (bytes.length > 0) {
      // damaged data parses to something else or fails with a typed error, never a crash
      let refused = 0;
      for (let cut = 1; cut < Math.min(bytes.length, 64); cut++) {
        try {
          parseDirTree(bytes.subarray(0, bytes.length - cut));
        } catch (e) {
          assert.ok(isOssifyError(e), String(e));
          refused++;
        }
      }
      assert.ok(refused > 0 || bytes.length < 8);
    }
  }
});
