// Committing tarballs: plain, gzip, xz and zstd archives made by GNU tar with
// --xattrs commit to the same checksum as the directory they came from; hostile
// members are refused with a clear error and nothing outside is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildTree } from '../helpers/build-tree.js';
import { tempDir } from '../helpers/temp-dir.js';
import { run } from '../helpers/run.js';
import { commitTree, fsckRepo, initRepo, listRefs } from '../../src/store/index.js';
import { writeTar, type TarEntry } from '../../src/core/tar/index.js';
import { isOssifyError, type OssifyErrorCode } from '../../src/core/errors.js';

test('a GNU tar archive (every compression) commits to the same checksum as its directory', async (t) => {
  const dir = tempDir(t);
  const tree = path.join(dir, 'tree');
  buildTree(tree, { nonUtf8Name: true });
  const repo = initRepo(path.join(dir, 'repo'));
  const ts = new Date('2024-01-01T00:00:00Z');
  const fromDir = await commitTree(repo, { branch: 'dir', tree, timestamp: ts, bindRef: false });
  const tarball = path.join(dir, 'tree.tar');
  run('tar', ['--xattrs', "--xattrs-include=*", '--format=pax', '-C', tree, '-cf', tarball, '.']);
  run('gzip', ['-k', tarball]);
  run('xz', ['-k', '-T1', tarball]);
  run('zstd', ['-q', '-k', tarball]);
  for (const file of ['tree.tar', 'tree.tar.gz', 'tree.tar.xz', 'tree.tar.zst']) {
    const r = await commitTree(repo, { branch: 'tar', tree: path.join(dir, file), timestamp: ts, bindRef: false, parent: null });
    assert.equal(r.checksum, fromDir.checksum, file);
  }
  assert.deepEqual((await fsckRepo(repo)).problems, []);
});

type Member = { entry: Omit<Partial<TarEntry>, 'path' | 'linkTarget'> & { path: string; linkTarget?: string }; content?: string };

async function* members(items: Member[]) {
  for (const { entry, content } of items) {
    const body = content === undefined ? undefined : Buffer.from(content);
    yield {
      entry: {
        type: 'file' as const, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0,
        xattrs: [], devMajor: 0, devMinor: 0, size: body?.length ?? 0,
        ...entry,
        path: Buffer.from(entry.path),
        linkTarget: entry.linkTarget ? Buffer.from(entry.linkTarget) : null,
      } as TarEntry,
      content: body,
    };
  }
}

async function writeTarball(file: string, items: Member[]): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of writeTar(members(items))) chunks.push(c);
  writeFileSync(file, Buffer.concat(chunks));
}

const hostile: Array<[string, Member[], OssifyErrorCode]> = [
  ['a member with ..', [{ entry: { path: 'usr/../../escape' }, content: 'x' }], 'ERR_OSSIFY_UNSAFE_PATH'],
  ['an absolute member', [{ entry: { path: '/etc/passwd' }, content: 'x' }], 'ERR_OSSIFY_UNSAFE_PATH'],
  [
    'a member written through a symlink it created',
    [
      { entry: { path: 'link', type: 'symlink', linkTarget: '/tmp' } },
      { entry: { path: 'link/planted' }, content: 'x' },
    ],
    'ERR_OSSIFY_UNSAFE_PATH',
  ],
  ['a hardlink to nothing', [{ entry: { path: 'h', type: 'hardlink', linkTarget: 'missing' } }], 'ERR_OSSIFY_INVALID_TAR'],
  ['a device node', [{ entry: { path: 'dev/null', type: 'char', devMajor: 1, devMinor: 3 } }], 'ERR_OSSIFY_SPECIAL_FILE'],
];

test('hostile or unsupported tar members are refused, and nothing moves', async (t) => {
  const dir = tempDir(t);
  const repo = initRepo(path.join(dir, 'repo'));
  for (const [name, items, code] of hostile) {
    await t.test(name, async () => {
      const file = path.join(dir, name.replace(/\W+/g, '-') + '.tar');
      await writeTarball(file, items);
      await assert.rejects(commitTree(repo, { branch: 'x', tree: file }), (e) => isOssifyError(e, code));
      assert.deepEqual(listRefs(repo), []);
      assert.equal(existsSync('/tmp/planted'), false);
      assert.equal(existsSync(path.join(dir, 'escape')), false);
      assert.deepEqual(readdirSync(path.join(repo.path, 'tmp')).filter((n) => n.startsWith('staging')), []);
    });
  }
  // --skip-special drops the device and says so
  const file = path.join(dir, 'dev.tar');
  await writeTarball(file, [{ entry: { path: 'dev/null', type: 'char', devMajor: 1, devMinor: 3 } }, { entry: { path: 'ok' }, content: 'fine' }]);
  const r = await commitTree(repo, { branch: 'x', tree: file, skipSpecial: true });
  assert.deepEqual(r.skippedSpecial, ['dev/null']);
  assert.equal(r.files, 1);
});
