// The /etc merge on real directories: type changes, metadata, xattrs and the
// NAME.ossify-new files, checked entry by entry after planEtcMerge + applyEtcMerge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import path from 'node:path';
import { applyEtcMerge } from '../../src/sysroot/apply-etc-merge.js';
import { planEtcMerge } from '../../src/sysroot/plan-etc-merge.js';
import { scanEtc } from '../../src/sysroot/scan-etc.js';
import { sys } from '../../src/fs/native.js';
import { tmpDir } from './fixtures.js';

type Node =
  | string
  | { dir: Record<string, Node>; mode?: number }
  | { link: string }
  | { file: string; mode?: number; uid?: number; xattr?: [string, string] };

function build(root: string, tree: Record<string, Node>): void {
  fs.mkdirSync(root, { recursive: true });
  for (const [name, n] of Object.entries(tree)) {
    const p = path.join(root, name);
    if (typeof n === 'string') fs.writeFileSync(p, n);
    else if ('dir' in n) {
      build(p, n.dir);
      if (n.mode !== undefined) fs.chmodSync(p, n.mode);
    } else if ('link' in n) fs.symlinkSync(n.link, p);
    else {
      fs.writeFileSync(p, n.file);
      if (n.mode !== undefined) fs.chmodSync(p, n.mode);
      if (n.uid !== undefined) fs.chownSync(p, n.uid, 0);
      if (n.xattr) sys.lsetxattr(p, n.xattr[0], Buffer.from(n.xattr[1]));
    }
  }
}

function describe(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [p, e] of scanEtc(root, 'result')) {
    const content =
      e.type === 'file'
        ? fs.readFileSync(path.join(root, p), 'utf8')
        : e.type === 'symlink'
          ? `-> ${e.target}`
          : '/';
    const head = [e.type, e.type === 'symlink' ? '' : e.mode.toString(8), String(e.uid), e.xattrs].filter(
      (x) => x !== '',
    );
    out[p] = `${head.join(' ')} ${content}`;
  }
  return out;
}

test('applyEtcMerge: type changes, metadata, xattrs, conflicts', () => {
  const dir = tmpDir('ossify-etc-');
  try {
    const old = path.join(dir, 'old');
    const cur = path.join(dir, 'cur');
    const neu = path.join(dir, 'new');
    const dest = path.join(dir, 'dest');
    build(old, {
      'to-dir.conf': 'a\n',
      'to-link': { dir: { 'x.conf': 'x\n' } },
      'meta.conf': { file: 'm\n' },
      'xattr.conf': { file: 'x\n' },
      'owner.conf': { file: 'o\n' },
      'bin.dat': 'A\0B',
    });
    build(cur, {
      'to-dir.conf': 'a-local\n', // modified locally, upstream makes it a directory
      'to-link': { dir: { 'x.conf': 'x\n', 'mine.conf': 'mine\n' } }, // local file inside, upstream makes it a symlink
      'meta.conf': { file: 'm\n', mode: 0o600 }, // local chmod
      'xattr.conf': { file: 'x\n', xattr: ['user.local', 'L'] }, // local xattr
      'owner.conf': { file: 'o-local\n' }, // local content
      'bin.dat': 'A\0LOCAL',
    });
    build(neu, {
      'to-dir.conf': { dir: { 'part.conf': 'p\n' } },
      'to-link': { link: '/usr/share/to-link' },
      'meta.conf': { file: 'm2\n' }, // upstream content
      'xattr.conf': { file: 'x2\n' },
      'owner.conf': { file: 'o\n', uid: 7 }, // upstream chown
      'bin.dat': 'A\0UPSTREAM',
    });
    const actions = planEtcMerge(scanEtc(old, 'old'), scanEtc(cur, 'cur'), scanEtc(neu, 'new'));
    const conflicts = applyEtcMerge({ oldDefaults: old, current: cur, newDefaults: neu, dest }, actions);
    assert.deepEqual(conflicts.map((c) => c.path).sort(), ['bin.dat', 'to-dir.conf', 'to-link']);
    assert.deepEqual(describe(dest), {
      'bin.dat': 'file 644 0 A\0LOCAL',
      'bin.dat.ossify-new': 'file 644 0 A\0UPSTREAM',
      'meta.conf': 'file 600 0 m2\n',
      'owner.conf': 'file 644 7 o-local\n',
      'to-dir.conf': 'file 644 0 a-local\n',
      'to-dir.conf.ossify-new': 'dir 755 0 /',
      'to-dir.conf.ossify-new/part.conf': 'file 644 0 p\n',
      'to-link': 'dir 755 0 /',
      'to-link/mine.conf': 'file 644 0 mine\n',
      'to-link/x.conf': 'file 644 0 x\n',
      'to-link.ossify-new': 'symlink 0 -> /usr/share/to-link',
      'xattr.conf': `file 644 0 user.local=${Buffer.from('L').toString('hex')} x2\n`,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
