// openTarball against the real compressors: gzip, xz and zstd CLIs make the files,
// the magic bytes choose the decoder, and readTarEntries sees the same members as
// in the plain tar. Damage and a missing xz must fail with a code, never hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readTarEntries } from '../../src/core/tar/index.js';
import { openTarball } from '../../src/fs/open-tarball.js';
import { isOssifyError, type OssifyErrorCode } from '../../src/core/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ossify-open-tarball-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const tree = path.join(tmp, 'tree');
fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
const random = randomBytes(3 * 1024 * 1024 + 17); // spans many decoder output chunks
fs.writeFileSync(path.join(tree, 'random.bin'), random);
fs.writeFileSync(path.join(tree, 'sub', 'small'), 'small\n');
fs.symlinkSync('random.bin', path.join(tree, 'link'));
const plain = path.join(tmp, 'plain.tar');
execFileSync('tar', ['--format=pax', '--sort=name', '-C', tree, '-cf', plain, '.']);

const FILES: Array<[string, string[]]> = [
  ['plain.tar', []],
  ['t.tar.gz', ['gzip', '-c']],
  ['t.tar.xz', ['xz', '-c', '-T1']],
  ['t.tar.zst', ['zstd', '-q', '-c']],
  ['gz-named-plain.tar.gz', []], // the name lies; the magic decides
];
for (const [name, cmd] of FILES) {
  if (name === 'plain.tar') continue;
  const out = path.join(tmp, name);
  if (cmd.length === 0) fs.copyFileSync(plain, out);
  else fs.writeFileSync(out, execFileSync(cmd[0], [...cmd.slice(1), plain], { maxBuffer: 1 << 30 }));
}

async function members(file: string): Promise<Array<[string, string, string]>> {
  const out: Array<[string, string, string]> = [];
  for await (const { entry, content } of readTarEntries(await openTarball(file))) {
    const hash = (await import('node:crypto')).createHash('sha256');
    for await (const chunk of content) hash.update(chunk);
    out.push([entry.path.toString(), entry.type, hash.digest('hex')]);
  }
  return out;
}

test('openTarball: plain, gzip, xz and zstd give the same members', async () => {
  const want = await members(plain);
  assert.equal(want.length, 5);
  const r = want.find(([p]) => p === './random.bin');
  assert.equal(r?.[2], (await import('node:crypto')).createHash('sha256').update(random).digest('hex'));
  for (const [name] of FILES) {
    assert.deepEqual(await members(path.join(tmp, name)), want, name);
  }
});

function truncated(name: string): string {
  const out = path.join(tmp, `cut-${name}`);
  const data = fs.readFileSync(path.join(tmp, name));
  fs.writeFileSync(out, data.subarray(0, Math.floor(data.length / 2)));
  return out;
}

function corrupted(name: string): string {
  const out = path.join(tmp, `bad-${name}`);
  const data = Buffer.from(fs.readFileSync(path.join(tmp, name)));
  for (let i = 64; i < data.length - 64; i += 4096) data[i] ^= 0x55;
  fs.writeFileSync(out, data);
  return out;
}

const BAD: Array<[string, () => string, OssifyErrorCode]> = [
  ['truncated gzip', () => truncated('t.tar.gz'), 'ERR_OSSIFY_INVALID_TAR'],
  ['truncated xz', () => truncated('t.tar.xz'), 'ERR_OSSIFY_INVALID_TAR'],
  ['truncated zstd', () => truncated('t.tar.zst'), 'ERR_OSSIFY_INVALID_TAR'],
  ['truncated plain', () => truncated('plain.tar'), 'ERR_OSSIFY_INVALID_TAR'],
  ['corrupt gzip', () => corrupted('t.tar.gz'), 'ERR_OSSIFY_INVALID_TAR'],
  ['corrupt xz', () => corrupted('t.tar.xz'), 'ERR_OSSIFY_INVALID_TAR'],
  ['corrupt zstd', () => corrupted('t.tar.zst'), 'ERR_OSSIFY_INVALID_TAR'],
  ['missing file', () => path.join(tmp, 'nope.tar'), 'ERR_OSSIFY_IO'],
  [
    'bzip2',
    () => {
      const out = path.join(tmp, 't.tar.bz2');
      fs.writeFileSync(out, Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(100)]));
      return out;
    },
    'ERR_OSSIFY_INVALID_TAR',
  ],
];

for (const [name, make, code] of BAD) {
  test(`openTarball: ${name} fails with ${code}`, async () => {
    const file = make();
    await assert.rejects(members(file), (err: unknown) => {
      assert.ok(isOssifyError(err, code), `${String(err)}`);
      assert.ok(err.message.length > 0);
      return true;
    });
  });
}

test('openTarball: missing xz program is a clear ERR_OSSIFY_TOOL_FAILED', async () => {
  const saved = process.env.PATH;
  process.env.PATH = path.join(tmp, 'empty-bin');
  try {
    await assert.rejects(members(path.join(tmp, 't.tar.xz')), (err: unknown) => {
      assert.ok(isOssifyError(err, 'ERR_OSSIFY_TOOL_FAILED'), String(err));
      assert.match(err.message, /xz program is not installed/);
      assert.match(err.hint ?? '', /xz-utils/);
      return true;
    });
  } finally {
    process.env.PATH = saved;
  }
});

test('openTarball: stopping early kills xz and releases the file', async () => {
  for await (const { entry } of readTarEntries(await openTarball(path.join(tmp, 't.tar.xz')))) {
    assert.equal(entry.path.toString(), './');
    break;
  }
  // No xz child left behind: pgrep-free check through /proc of our own children.
  await new Promise((r) => setTimeout(r, 100));
  const children = fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        return (
          stat.includes('(xz)') &&
          Number(stat.split(') ')[1].split(' ')[1]) === process.pid &&
          !stat.includes(') Z')
        );
      } catch {
        return false;
      }
    });
  assert.deepEqual(children, []);
});
