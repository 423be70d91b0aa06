// Hand-built archives for what GNU tar will not produce on demand: v7 and old-GNU
// headers, base-256 fields, global pax headers, binary pax values, and every kind of
// damage. Plus writeTar -> readTarEntries round trips for values that do not fit ustar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodePax,
  encodePaxRecord,
  parsePax,
  readTarEntries,
  splitUstarPath,
  writeTar,
  type TarEntry,
} from '../../src/core/tar/index.js';
import { encodeHeader, type UstarFields } from '../../src/core/tar/encode-header.js';
import { isOssifyError } from '../../src/core/errors.js';

const B = (s: string | number[]): Buffer => (typeof s === 'string' ? Buffer.from(s) : Buffer.from(s));

function header(over: Partial<UstarFields> = {}): Buffer {
  return encodeHeader({
    name: B('f'),
    prefix: B(''),
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: 0,
    mtime: 1000,
    typeflag: '0',
    linkname: B(''),
    uname: 'root',
    gname: 'root',
    devMajor: 0,
    devMinor: 0,
    ...over,
  });
}

/** Recomputes the checksum after a test edited header bytes directly. */
function fixChecksum(block: Buffer, signed = false): Buffer {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += signed && b > 127 ? b - 256 : b;
  block.write((sum < 0 ? sum + 0 : sum).toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return block;
}

function body(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function paxHeader(type: 'x' | 'g', records: Array<[string, Buffer]>): Buffer {
  const data = encodePax(records);
  return Buffer.concat([header({ name: B('PaxHeaders/x'), typeflag: type, size: data.length }), body(data)]);
}

const END = Buffer.alloc(1024);

async function* chunked(data: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function readAll(data: Buffer, chunk = 7): Promise<Array<{ entry: TarEntry; data: Buffer }>> {
  const out = [];
  for await (const { entry, content } of readTarEntries(chunked(data, chunk))) {
    const parts: Buffer[] = [];
    for await (const c of content) parts.push(Buffer.from(c));
    out.push({ entry, data: Buffer.concat(parts) });
  }
  return out;
}

const v7 = (() => {
  const h = header({ name: B('v7file'), typeflag: '\0', size: 3 });
  h.fill(0, 257, 500); // no magic, no names, no prefix
  return fixChecksum(h);
})();
const v7dir = (() => {
  const h = header({ name: B('olddir/'), typeflag: '0' });
  h.fill(0, 257, 500);
  return fixChecksum(h);
})();
const oldGnu = (() => {
  const h = header({ name: B('gnufile'), size: 2 });
  h.write('ustar  \0', 257, 8, 'latin1');
  h.write('12345670123', 345, 'latin1'); // atime lives where ustar has its prefix
  return fixChecksum(h);
})();
const base256 = (() => {
  const h = header({ name: B('big'), size: 0 });
  h.fill(0, 108, 116);
  h[108] = 0x80;
  h[110] = 0x01; // uid = 2^40
  h.fill(0, 124, 136);
  h[124] = 0x80;
  h[135] = 5; // size = 5 in base-256
  return fixChecksum(h);
})();

interface ReadCase {
  name: string;
  archive: Buffer;
  expect: Array<Partial<TarEntry> & { data?: string }>;
}

const READ_CASES: ReadCase[] = [
  {
    name: 'v7 header',
    archive: Buffer.concat([v7, body(B('abc')), END]),
    expect: [{ path: B('v7file'), type: 'file', uname: '', size: 3, data: 'abc' }],
  },
  {
    name: 'v7 directory marked by trailing slash',
    archive: Buffer.concat([v7dir, END]),
    expect: [{ path: B('olddir/'), type: 'dir' }],
  },
  {
    name: 'old GNU header ignores the prefix area',
    archive: Buffer.concat([oldGnu, body(B('hi')), END]),
    expect: [{ path: B('gnufile'), uname: 'root', data: 'hi' }],
  },
  {
    name: 'ustar prefix + name',
    archive: Buffer.concat([header({ prefix: B('p'.repeat(150)), name: B('n'.repeat(100)) }), END]),
    expect: [{ path: B('p'.repeat(150) + '/' + 'n'.repeat(100)) }],
  },
  {
    name: 'base-256 uid and size',
    archive: Buffer.concat([base256, body(B('hello')), END]),
    expect: [{ uid: 2 ** 40, size: 5, data: 'hello' }],
  },
  {
    name: "type '7' is a file, '1' a hardlink whose body is skipped",
    archive: Buffer.concat([
      header({ name: B('c'), typeflag: '7', size: 1 }),
      body(B('z')),
      header({ name: B('h'), typeflag: '1', linkname: B('c'), size: 3 }),
      body(B('xyz')),
      header({ name: B('after') }),
      END,
    ]),
    expect: [
      { path: B('c'), type: 'file', data: 'z' },
      { path: B('h'), type: 'hardlink', linkTarget: B('c'), size: 0, data: '' },
      { path: B('after') },
    ],
  },
  {
    name: 'devices and fifo',
    archive: Buffer.concat([
      header({ name: B('c'), typeflag: '3', devMajor: 4, devMinor: 64 }),
      header({ name: B('b'), typeflag: '4', devMajor: 8, devMinor: 1 }),
      header({ name: B('p'), typeflag: '6' }),
      END,
    ]),
    expect: [
      { type: 'char', devMajor: 4, devMinor: 64 },
      { type: 'block', devMajor: 8, devMinor: 1 },
      { type: 'fifo' },
    ],
  },
  {
    name: 'signed checksum of a historic tar',
    archive: Buffer.concat([fixChecksum(header({ name: B([0x66, 0xe9]) }), true), END]),
    expect: [{ path: B([0x66, 0xe9]) }],
  },
  {
    name: 'pax global applies to following entries; x overrides; empty x value deletes',
    archive: Buffer.concat([
      paxHeader('g', [
        ['uname', B('gluser')],
        ['SCHILY.xattr.user.g', B([0, 1])],
      ]),
      header({ name: B('one') }),
      paxHeader('x', [
        ['uname', B('')],
        ['SCHILY.xattr.user.g', B([2])],
        ['SCHILY.xattr.user.x', B('')],
      ]),
      header({ name: B('two') }),
      END,
    ]),
    expect: [
      { path: B('one'), uname: 'gluser', xattrs: [['user.g', B([0, 1])]] },
      {
        path: B('two'),
        uname: 'root',
        xattrs: [
          ['user.g', B([2])],
          ['user.x', B('')],
        ],
      },
    ],
  },
  {
    name: 'pax values with newlines, = and NULs; multibyte keys; length counts bytes',
    archive: Buffer.concat([
      paxHeader('x', [
        ['path', B('wéird\nname=x')],
        ['SCHILY.xattr.user.é', B([0x0a, 0x3d, 0x00, 0xff, 0x0a])],
        ['mtime', B('1700000000.123456789')],
        ['uid', B('4294967294')],
        ['size', B('2')],
        ['linkpath', B('ignored for files')],
      ]),
      header({ name: B('short'), size: 2 }),
      body(B('ok')),
      END,
    ]),
    expect: [
      {
        path: B('wéird\nname=x'),
        xattrs: [['user.é', B([0x0a, 0x3d, 0x00, 0xff, 0x0a])]],
        mtime: Number('1700000000.123456789'), // nearest double, as the reader computes it
        uid: 4294967294,
        linkTarget: null,
        data: 'ok',
      },
    ],
  },
  {
    name: 'precedence: pax path > GNU L > header name; pax linkpath > GNU K',
    archive: Buffer.concat([
      header({ name: B('././@LongLink'), typeflag: 'L', size: 5 }),
      body(B('long\0')),
      header({ name: B('hdr') }),
      header({ name: B('././@LongLink'), typeflag: 'L', size: 4 }),
      body(B('gnu\0')),
      header({ name: B('././@LongLink'), typeflag: 'K', size: 6 }),
      body(B('ktarg\0')),
      paxHeader('x', [['path', B('paxwins')]]),
      header({ name: B('hdr'), typeflag: '2', linkname: B('lnk') }),
      END,
    ]),
    expect: [{ path: B('long') }, { path: B('paxwins'), type: 'symlink', linkTarget: B('ktarg') }],
  },
];

for (const c of READ_CASES) {
  for (const chunk of [7, 512, 100_000]) {
    test(`read: ${c.name} (chunks of ${chunk})`, async () => {
      const got = await readAll(c.archive, chunk);
      assert.equal(got.length, c.expect.length);
      c.expect.forEach((want, i) => {
        const { data, ...fields } = want;
        for (const [key, value] of Object.entries(fields)) {
          assert.deepEqual(got[i].entry[key as keyof TarEntry], value, `entry ${i} ${key}`);
        }
        if (data !== undefined) assert.equal(got[i].data.toString(), data, `entry ${i} content`);
      });
    });
  }
}

test('read: content not drained is skipped, next entry is intact', async () => {
  const archive = Buffer.concat([
    header({ name: B('a'), size: 1500 }),
    body(Buffer.alloc(1500, 1)),
    header({ name: B('b'), size: 3 }),
    body(B('bbb')),
    END,
  ]);
  const seen: string[] = [];
  for await (const { entry, content } of readTarEntries(chunked(archive, 100))) {
    seen.push(entry.path.toString());
    if (entry.path.toString() === 'a') {
      for await (const c of content) {
        assert.ok(c.length > 0);
        break; // read one chunk, then abandon the rest
      }
    } else {
      const parts = [];
      for await (const c of content) parts.push(c);
      assert.equal(Buffer.concat(parts).toString(), 'bbb');
    }
  }
  assert.deepEqual(seen, ['a', 'b']);
});

const badChecksum = (() => {
  const h = header({ name: B('broken') });
  h[0] ^= 1; // "broken" -> "croken": checksum now off by one
  return h;
})();

interface BadCase {
  name: string;
  archive: Buffer;
  message: RegExp;
}
const BAD_CASES: BadCase[] = [
  {
    name: 'bad checksum',
    archive: Buffer.concat([header({ name: B('ok') }), badChecksum, END]),
    message: /checksum.*"croken" at offset 512/,
  },
  { name: 'EOF inside a header', archive: header().subarray(0, 300), message: /inside a header.*offset 0/ },
  {
    name: 'EOF inside content',
    archive: Buffer.concat([header({ name: B('cut'), size: 2000 }), Buffer.alloc(1000)]),
    message: /truncated.*"cut" at offset 0/,
  },
  {
    name: 'EOF inside padding',
    archive: Buffer.concat([header({ name: B('pad'), size: 10 }), Buffer.alloc(10)]),
    message: /truncated.*"pad"/,
  },
  {
    name: 'no end-of-archive blocks',
    archive: header({ name: B('last') }),
    message: /end-of-archive.*offset 512/,
  },
  {
    name: 'GNU sparse type S',
    archive: Buffer.concat([header({ name: B('sp'), typeflag: 'S' }), END]),
    message: /sparse.*"sp"/,
  },
  {
    name: 'pax GNU.sparse.*',
    archive: Buffer.concat([paxHeader('x', [['GNU.sparse.major', B('1')]]), header({ name: B('sp1') }), END]),
    message: /sparse.*"sp1" at offset 1024/,
  },
  {
    name: 'unsupported type M',
    archive: Buffer.concat([header({ name: B('vol'), typeflag: 'M' }), END]),
    message: /type 'M'.*"vol"/,
  },
  {
    name: 'malformed pax length',
    archive: Buffer.concat([
      header({ name: B('PaxHeaders/a'), typeflag: 'x', size: 10 }),
      body(B('xx path=a\n')),
      header(),
      END,
    ]),
    message: /pax record length/,
  },
  {
    name: 'pax record overruns its data',
    archive: Buffer.concat([
      header({ name: B('PaxHeaders/a'), typeflag: 'x', size: 10 }),
      body(B('99 path=a\n')),
      header(),
      END,
    ]),
    message: /overruns/,
  },
  {
    name: 'invalid pax number',
    archive: Buffer.concat([paxHeader('x', [['uid', B('12a')]]), header({ name: B('u') }), END]),
    message: /pax uid "12a".*"u"/,
  },
  {
    name: 'invalid octal field',
    archive: fixChecksum(Buffer.concat([header({ name: B('o') })]).fill(0x39, 124, 130)),
    message: /size field/,
  },
  {
    name: 'extended header without a member',
    archive: Buffer.concat([paxHeader('x', [['path', B('p')]]), END]),
    message: /not followed/,
  },
];

for (const c of BAD_CASES) {
  test(`bad input: ${c.name}`, async () => {
    await assert.rejects(readAll(c.archive, 64), (err: unknown) => {
      assert.ok(isOssifyError(err, 'ERR_OSSIFY_INVALID_TAR'), String(err));
      assert.match(err.message, c.message);
      assert.ok(err.hint);
      return true;
    });
  });
}

const base: TarEntry = {
  path: B('x'),
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  uname: 'root',
  gname: 'root',
  size: 0,
  mtime: 1_700_000_000,
  linkTarget: null,
  xattrs: [],
  devMajor: 0,
  devMinor: 0,
};

const WRITE_CASES: Array<{ name: string; entry: TarEntry; content?: Buffer }> = [
  { name: 'plain file', entry: { ...base, size: 5 }, content: B('hello') },
  { name: 'uid/gid past octal', entry: { ...base, uid: 4_000_000_000, gid: 3_000_000 } },
  { name: 'mtime past 12 octal digits', entry: { ...base, mtime: 2 ** 40 } },
  { name: 'negative mtime', entry: { ...base, mtime: -5 } },
  { name: 'fractional mtime', entry: { ...base, mtime: 1_700_000_000.5 } },
  { name: 'long uname/gname', entry: { ...base, uname: 'u'.repeat(40), gname: 'grüppe' } },
  { name: 'UTF-8 path', entry: { ...base, path: B('répertoire/fïle') } },
  { name: 'non-UTF-8 path, short', entry: { ...base, path: B([0x61, 0xff, 0x62]) } },
  { name: 'non-UTF-8 path, long', entry: { ...base, path: Buffer.concat([B('a'.repeat(200)), B([0xff])]) } },
  { name: 'path 300 bytes', entry: { ...base, path: B('d/'.repeat(100) + 'f'.repeat(100)) } },
  {
    name: 'path splits into prefix/name',
    entry: { ...base, path: B('p'.repeat(120) + '/' + 'n'.repeat(90)) },
  },
  { name: 'single 200-byte component', entry: { ...base, path: B('c'.repeat(200)) } },
  { name: 'symlink target 200 bytes', entry: { ...base, type: 'symlink', linkTarget: B('t/'.repeat(100)) } },
  { name: 'hardlink', entry: { ...base, type: 'hardlink', linkTarget: B('x') } },
  { name: 'dir with setgid and sticky', entry: { ...base, type: 'dir', path: B('d/'), mode: 0o3775 } },
  { name: 'char device, big minor', entry: { ...base, type: 'char', devMajor: 4095, devMinor: 3_000_000 } },
  {
    name: 'binary xattrs, in order',
    entry: {
      ...base,
      xattrs: [
        ['user.bin', B([0x00, 0xff, 0x0a, 0x3d])],
        ['security.capability', Buffer.from('0100000200200000000000000000000000000000', 'hex')],
        ['user.empty', B('')],
        ['user.big', Buffer.alloc(70_000, 0xab)],
      ],
    },
  },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ossify-tar-codec-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('write: writeTar -> readTarEntries gives back every field; GNU tar lists the same members', async () => {
  async function* items() {
    for (const c of WRITE_CASES) yield { entry: c.entry, content: c.content };
  }
  const chunks: Buffer[] = [];
  for await (const c of writeTar(items())) chunks.push(Buffer.from(c));
  const archive = Buffer.concat(chunks);
  assert.equal(archive.length % 512, 0);
  assert.deepEqual(archive.subarray(-1024), END);

  const got = await readAll(archive, 4096);
  assert.equal(got.length, WRITE_CASES.length);
  WRITE_CASES.forEach((c, i) => {
    assert.deepEqual(got[i].entry, c.entry, c.name);
    assert.deepEqual(got[i].data, c.content ?? B(''), c.name);
  });

  const file = path.join(tmp, 'edge.tar');
  fs.writeFileSync(file, archive);
  const listing = execFileSync('tar', ['--numeric-owner', '-tvf', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString('latin1');
  const lines = listing.trimEnd().split('\n');
  assert.equal(lines.length, WRITE_CASES.length);
  assert.match(lines[1], /4000000000\/3000000/, 'GNU tar reads the big uid/gid');
  assert.ok(lines[9].includes('d/'.repeat(100) + 'f'.repeat(100)), 'GNU tar reads the 300-byte path');
  const names = execFileSync('tar', ['--quoting-style=literal', '-tf', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.ok(
    names.includes(Buffer.concat([B('a'.repeat(200)), B([0xff, 0x0a])])),
    'GNU tar keeps the non-UTF-8 bytes',
  );
});

test('write: content that does not match entry.size is refused', async () => {
  for (const content of [B('abc'), B('abcdef')]) {
    async function* items() {
      yield { entry: { ...base, size: 5 }, content };
    }
    await assert.rejects(
      (async () => {
        for await (const _ of writeTar(items()));
      })(),
      (err: unknown) =>
        isOssifyError(err, 'ERR_OSSIFY_INVALID_INPUT') && /tar entry says 5/.test(err.message),
    );
  }
});

test('pax records: length prefix is right across digit boundaries', () => {
  for (let n = 0; n < 1100; n++) {
    const record = encodePaxRecord('k', Buffer.alloc(n, 0x0a));
    assert.equal(Number(record.toString('latin1').split(' ')[0]), record.length, `value of ${n} bytes`);
    const [[key, value]] = parsePax(record, 0);
    assert.equal(key, 'k');
    assert.equal(value.length, n);
  }
});

test('splitUstarPath', () => {
  const cases: Array<[string, [string, string] | null]> = [
    ['short', ['', 'short']],
    ['a'.repeat(100), ['', 'a'.repeat(100)]],
    ['a'.repeat(101), null],
    ['p/' + 'n'.repeat(100), ['p', 'n'.repeat(100)]],
    ['p/' + 'n'.repeat(101), null],
    ['p'.repeat(155) + '/' + 'n'.repeat(100), ['p'.repeat(155), 'n'.repeat(100)]],
    ['p'.repeat(156) + '/' + 'n'.repeat(100), null],
    ['/' + 'n'.repeat(100), null],
  ];
  for (const [input, want] of cases) {
    const got = splitUstarPath(B(input));
    assert.deepEqual(got && [got.prefix.toString(), got.name.toString()], want, input.length + ' bytes');
  }
});
