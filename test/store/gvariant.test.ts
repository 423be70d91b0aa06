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
