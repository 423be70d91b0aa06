// GNU tar is the oracle: it archives a tree holding every kind of member and
// awkward value ossify must survive (non-UTF-8 names, paths past 100 and 255 bytes,
// binary xattrs, setuid/sticky bits, big uids, devices), readTarEntries must report
// exactly what lstat and listxattr say; and what writeTar produces, GNU tar must
// extract back into the same tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readTarEntries, writeTar, type TarEntry, type TarEntryType } from '../../src/core/tar/index.js';
import { sys } from '../../src/fs/native.js';

const B = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

const CAPABILITY = Buffer.from('0100000200200000000000000000000000000000', 'hex'); // cap_net_raw+ep
const MTIME = 1_700_000_000;

interface Node {
  rel: Buffer; // relative to the tree root, no './'
  kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';
  content?: Buffer;
  mode?: number;
  uid?: number;
  target?: Buffer;
  rdev?: [number, number];
  xattrs?: Array<[string, Buffer]>;
  mtime?: number;
}

const deep = B('deep/', ('d'.repeat(60) + '/').repeat(4), 'f'.repeat(80)); // > 255 bytes
const NODES: Node[] = [
  { rel: B('file.txt'), kind: 'file', content: B('hello\n'), mode: 0o644 },
  { rel: B('hard'), kind: 'hardlink', target: B('file.txt') },
  { rel: B('empty'), kind: 'file', content: B(''), mode: 0o600 },
  { rel: B('setuid'), kind: 'file', content: B('#!/bin/sh\n'), mode: 0o4755 },
  { rel: B('setgid'), kind: 'file', content: B('x'), mode: 0o2711 },
  { rel: B('sticky'), kind: 'dir', mode: 0o1777 },
  { rel: B('dir'), kind: 'dir', mode: 0o750 },
  { rel: B('dir/nested'), kind: 'file', content: Buffer.alloc(3000, 7), mode: 0o640 },
  { rel: B('link'), kind: 'symlink', target: B('file.txt') },
  { rel: B('longlink'), kind: 'symlink', target: B('t'.repeat(150)) },
  { rel: B('fifo'), kind: 'fifo', mode: 0o644 },
  { rel: B('chr'), kind: 'char', rdev: [1, 3], mode: 0o666 },
  { rel: B('blk'), kind: 'block', rdev: [7, 0], mode: 0o660 },
  { rel: B('bad-', [0xff, 0xfe], '.bin'), kind: 'file', content: B('not utf-8 name'), mode: 0o644 },
  { rel: B('utf8-é'), kind: 'file', content: B('é'), mode: 0o644 },
  { rel: B('long'), kind: 'dir', mode: 0o755 },
  { rel: B('long/', 'a'.repeat(120)), kind: 'file', content: B('long name'), mode: 0o644 }, // > 100 bytes
  { rel: B('deep'), kind: 'dir', mode: 0o755 },
  ...[1, 2, 3, 4].map((n): Node => ({
    rel: B('deep/', ('d'.repeat(60) + '/').repeat(n)).subarray(0, -1),
    kind: 'dir',
    mode: 0o755,
  })),
  { rel: deep, kind: 'file', content: B('deep'), mode: 0o644 },
  { rel: B('biguid'), kind: 'file', content: B('big'), mode: 0o644, uid: 3_000_000 },
  { rel: B('frac'), kind: 'file', content: B('frac'), mode: 0o644, mtime: MTIME + 0.25 },
  {
    rel: B('xattr-file'),
    kind: 'file',
    content: B('caps'),
    mode: 0o755,
    xattrs: [
      ['user.bin', Buffer.from([0x00, 0xff, 0x0a, 0x3d])],
      ['security.capability', CAPABILITY],
    ],
  },
  {
    rel: B('xattr-dir'),
    kind: 'dir',
    mode: 0o755,
    xattrs: [
      ['user.empty', Buffer.alloc(0)],
      ['user.nl', B('a\nb=c\n')],
    ],
  },
];

function join(root: string, rel: Buffer): Buffer {
  return Buffer.concat([Buffer.from(root + '/'), rel]);
}

function buildTree(root: string): void {
  fs.mkdirSync(root, { recursive: true });
  for (const node of NODES) {
    const p = join(root, node.rel);
    switch (node.kind) {
      case 'file':
        fs.writeFileSync(p, node.content ?? Buffer.alloc(0));
        break;
      case 'dir':
        fs.mkdirSync(p);
        break;
      case 'symlink':
        fs.symlinkSync(node.target as Buffer, p);
        break;
      case 'hardlink':
        fs.linkSync(join(root, node.target as Buffer), p);
        break;
      case 'fifo':
      case 'char':
      case 'block': {
        const args =
          node.kind === 'fifo' ? ['p'] : [node.kind === 'char' ? 'c' : 'b', ...(node.rdev ?? []).map(String)];
        execFileSync('mknod', [p.toString('latin1'), ...args]);
        break;
      }
    }
    if (node.kind !== 'symlink' && node.kind !== 'hardlink') fs.chmodSync(p, node.mode ?? 0o644);
    if (node.kind !== 'hardlink') fs.lchownSync(p, node.uid ?? 1234, node.uid ?? 1234);
    for (const [name, value] of node.xattrs ?? []) sys.lsetxattr(p, name, value);
  }
  // Times last: creating children changes a directory's mtime.
  for (const node of [...NODES].reverse()) {
    if (node.kind === 'hardlink') continue;
    const t = node.mtime ?? MTIME;
    fs.lutimesSync(join(root, node.rel), t, t);
  }
  fs.chownSync(root, 1234, 1234);
  fs.utimesSync(root, MTIME, MTIME);
}

const TYPE_OF: Record<string, TarEntryType> = {
  file: 'file',
  dir: 'dir',
  symlink: 'symlink',
  hardlink: 'hardlink',
  char: 'char',
  block: 'block',
  fifo: 'fifo',
};

/** What a correct reader must report for each member, derived from lstat, not from NODES. */
function expectedEntry(root: string, rel: Buffer, format: 'pax' | 'gnu'): Omit<TarEntry, 'uname' | 'gname'> {
  const p = join(root, rel);
  const st = fs.lstatSync(p, { bigint: true });
  const node = NODES.find((n) => n.rel.equals(rel));
  const kind = node?.kind ?? 'dir';
  const type = TYPE_OF[kind];
  const isDir = type === 'dir';
  const mtimeNs = st.mtimeNs;
  const whole = Number(mtimeNs / 1_000_000_000n);
  const frac = Number(mtimeNs % 1_000_000_000n) / 1e9;
  return {
    path: Buffer.concat([B('./'), rel, isDir && rel.length > 0 ? B('/') : B('')]),
    type,
    mode: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
    size: type === 'file' ? Number(st.size) : 0,
    mtime: format === 'pax' ? whole + frac : whole,
    linkTarget:
      type === 'symlink'
        ? fs.readlinkSync(p, { encoding: 'buffer' })
        : type === 'hardlink'
          ? Buffer.concat([B('./'), node?.target ?? B('')])
          : null,
    xattrs: sys.lreadxattrs(p),
    devMajor: type === 'char' || type === 'block' ? (node?.rdev?.[0] ?? 0) : 0,
    devMinor: type === 'char' || type === 'block' ? (node?.rdev?.[1] ?? 0) : 0,
  };
}

function sorted(x: Array<[string, Buffer]>): Array<[string, string]> {
  return x.map(([k, v]): [string, string] => [k, v.toString('hex')]).sort((a, b) => a[0].localeCompare(b[0]));
}

async function* readFile(file: string): AsyncGenerator<Buffer> {
  yield* createReadStream(file, { highWaterMark: 100_000 }); // odd chunk size: headers straddle chunks
}

async function parseAll(file: string): Promise<Array<{ entry: TarEntry; data: Buffer }>> {
  const out: Array<{ entry: TarEntry; data: Buffer }> = [];
  for await (const { entry, content } of readTarEntries(readFile(file))) {
    const parts: Buffer[] = [];
    for await (const chunk of content) parts.push(Buffer.from(chunk));
    out.push({ entry, data: Buffer.concat(parts) });
  }
  return out;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ossify-tar-oracle-'));
const src = path.join(tmp, 'src');
buildTree(src);
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

for (const format of ['pax', 'gnu'] as const) {
  test(`readTarEntries reports every field GNU tar --format=${format} wrote`, async () => {
    const archive = path.join(tmp, `${format}.tar`);
    // GNU tar stores xattrs only in pax; the gnu format test covers 'L'/'K' and base-256.
    const xattrFlags = format === 'pax' ? ['--xattrs', '--xattrs-include=*'] : [];
    execFileSync('tar', [...xattrFlags, `--format=${format}`, '--sort=name', '-C', src, '-cf', archive, '.']);
    const members = await parseAll(archive);
    const listed = execFileSync('tar', ['-tf', archive])
      .toString('latin1')
      .split('\n')
      .filter(Boolean).length;
    assert.equal(members.length, listed, 'same member count as tar -t');
    assert.equal(members.length, NODES.length + 1, 'every node plus ./');

    for (const { entry, data } of members) {
      const rel = entry.path.subarray(2).toString('latin1').replace(/\/$/, '');
      const expected = expectedEntry(src, Buffer.from(rel, 'latin1'), format);
      const label = `${format} ${JSON.stringify(entry.path.toString('latin1'))}`;
      assert.deepEqual(entry.path, expected.path, `${label} path`);
      assert.equal(entry.type, expected.type, `${label} type`);
      assert.equal(entry.mode, expected.mode, `${label} mode`);
      assert.equal(entry.uid, expected.uid, `${label} uid`);
      assert.equal(entry.gid, expected.gid, `${label} gid`);
      assert.equal(entry.size, expected.size, `${label} size`);
      assert.ok(
        Math.abs(entry.mtime - expected.mtime) < 1e-6,
        `${label} mtime ${entry.mtime} vs ${expected.mtime}`,
      );
      assert.deepEqual(entry.linkTarget, expected.linkTarget, `${label} linkTarget`);
      assert.equal(entry.devMajor, expected.devMajor, `${label} devMajor`);
      assert.equal(entry.devMinor, expected.devMinor, `${label} devMinor`);
      assert.equal(entry.uname, '', `${label} uname (uid has no passwd entry)`);
      assert.deepEqual(
        sorted(entry.xattrs),
        format === 'pax' ? sorted(expected.xattrs) : [],
        `${label} xattrs`,
      );
      if (entry.type === 'file') {
        assert.deepEqual(
          data,
          fs.readFileSync(Buffer.concat([Buffer.from(src + '/'), Buffer.from(rel, 'latin1')])),
          `${label} content`,
        );
      } else {
        assert.equal(data.length, 0, `${label} has no content`);
      }
    }
    // The point of the exercise: binary xattr values come through byte for byte.
    const xf = members.find((m) => m.entry.path.toString() === './xattr-file');
    if (format === 'pax') {
      assert.deepEqual(
        sorted(xf?.entry.xattrs ?? []),
        sorted([
          ['security.capability', CAPABILITY],
          ['user.bin', Buffer.from([0x00, 0xff, 0x0a, 0x3d])],
        ]),
      );
    }
  });
}

test('writeTar output extracts with GNU tar to the same tree (content, mode, owner, xattrs, links, devices)', async () => {
  const archive = path.join(tmp, 'for-rewrite.tar');
  execFileSync('tar', [
    '--xattrs',
    '--xattrs-include=*',
    '--format=pax',
    '--sort=name',
    '-C',
    src,
    '-cf',
    archive,
    '.',
  ]);
  const members = await parseAll(archive);
  const written = path.join(tmp, 'written.tar');
  async function* items() {
    for (const m of members) yield { entry: m.entry, content: m.data };
  }
  const out = fs.openSync(written, 'w');
  for await (const chunk of writeTar(items())) fs.writeSync(out, chunk);
  fs.closeSync(out);

  const dst = path.join(tmp, 'dst');
  fs.mkdirSync(dst);
  execFileSync('tar', ['--xattrs', '--xattrs-include=*', '--numeric-owner', '-xpf', written, '-C', dst]);

  for (const node of NODES) {
    const a = join(src, node.rel);
    const b = join(dst, node.rel);
    const label = JSON.stringify(node.rel.toString('latin1'));
    const sa = fs.lstatSync(a);
    const sb = fs.lstatSync(b);
    assert.equal(sb.mode, sa.mode, `${label} mode and type`);
    assert.equal(sb.uid, sa.uid, `${label} uid`);
    assert.equal(sb.gid, sa.gid, `${label} gid`);
    assert.equal(sb.rdev, sa.rdev, `${label} rdev`);
    assert.deepEqual(sorted(sys.lreadxattrs(b)), sorted(sys.lreadxattrs(a)), `${label} xattrs`);
    if (sa.isFile()) assert.deepEqual(fs.readFileSync(b), fs.readFileSync(a), `${label} content`);
    if (sa.isSymbolicLink())
      assert.deepEqual(
        fs.readlinkSync(b, { encoding: 'buffer' }),
        fs.readlinkSync(a, { encoding: 'buffer' }),
      );
    if (!sa.isDirectory() && !sa.isSymbolicLink()) assert.equal(sb.mtimeMs, sa.mtimeMs, `${label} mtime`);
  }
  assert.equal(
    fs.lstatSync(join(dst, B('hard'))).ino,
    fs.lstatSync(join(dst, B('file.txt'))).ino,
    'hardlink kept',
  );

  // And reading our own output gives back exactly what we wrote.
  const reread = await parseAll(written);
  assert.equal(reread.length, members.length);
  reread.forEach((m, i) => {
    assert.deepEqual(m.entry, members[i].entry);
    assert.deepEqual(m.data, members[i].data);
  });
});
