// The /etc three-way merge rules, path by path, as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEtcMerge, type EtcAction } from '../../src/sysroot/plan-etc-merge.js';
import type { EtcEntry, EtcSnapshot } from '../../src/sysroot/etc-entry.js';

const f = (digest: string, over: Partial<EtcEntry> = {}): EtcEntry => ({
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  xattrs: '',
  digest,
  text: true,
  ...over,
});
const d = (over: Partial<EtcEntry> = {}): EtcEntry => ({
  type: 'dir',
  mode: 0o755,
  uid: 0,
  gid: 0,
  xattrs: '',
  ...over,
});
const l = (target: string): EtcEntry => ({
  type: 'symlink',
  mode: 0o777,
  uid: 0,
  gid: 0,
  xattrs: '',
  target,
});
const snap = (o: Record<string, EtcEntry>): EtcSnapshot => new Map(Object.entries(o));

type Row = {
  name: string;
  old: Record<string, EtcEntry>;
  cur: Record<string, EtcEntry>;
  neu: Record<string, EtcEntry>;
  want: Record<string, Partial<EtcAction>>;
};

const rows: Row[] = [
  {
    name: 'unchanged everywhere',
    old: { a: f('1') },
    cur: { a: f('1') },
    neu: { a: f('1') },
    want: { a: { result: 'new', change: 'none' } },
  },
  {
    name: 'upstream change taken',
    old: { a: f('1') },
    cur: { a: f('1') },
    neu: { a: f('2') },
    want: { a: { result: 'new', change: 'upstream' } },
  },
  {
    name: 'upstream deletion taken',
    old: { a: f('1') },
    cur: { a: f('1') },
    neu: {},
    want: { a: { result: 'absent', change: 'upstream' } },
  },
  { name: 'upstream addition taken', old: {}, cur: {}, neu: { a: f('2') }, want: { a: { result: 'new' } } },
  {
    name: 'local change kept',
    old: { a: f('1') },
    cur: { a: f('9') },
    neu: { a: f('1') },
    want: { a: { result: 'local', change: 'local' } },
  },
  {
    name: 'local deletion kept',
    old: { a: f('1') },
    cur: {},
    neu: { a: f('1') },
    want: { a: { result: 'absent', change: 'local' } },
  },
  { name: 'local addition kept', old: {}, cur: { a: f('9') }, neu: {}, want: { a: { result: 'local' } } },
  {
    name: 'same change both sides',
    old: { a: f('1') },
    cur: { a: f('2') },
    neu: { a: f('2') },
    want: { a: { result: 'local', change: 'both' } },
  },
  {
    name: 'text changed both sides merges',
    old: { a: f('1') },
    cur: { a: f('2') },
    neu: { a: f('3') },
    want: { a: { result: 'merge-text', change: 'both' } },
  },
  {
    name: 'binary changed both sides conflicts',
    old: { a: f('1', { text: false }) },
    cur: { a: f('2', { text: false }) },
    neu: { a: f('3', { text: false }) },
    want: { a: { result: 'local', writeNew: true, conflict: 'file changed on both sides' } },
  },
  {
    name: 'local chmod + upstream content',
    old: { a: f('1') },
    cur: { a: f('1', { mode: 0o600 }) },
    neu: { a: f('2') },
    want: { a: { result: 'new', meta: { mode: 0o600, uid: 0, gid: 0, xattrs: '' } } },
  },
  {
    name: 'upstream chown + local content',
    old: { a: f('1') },
    cur: { a: f('9') },
    neu: { a: f('1', { uid: 5 }) },
    want: { a: { result: 'local', meta: { mode: 0o644, uid: 5, gid: 0, xattrs: '' } } },
  },
  {
    name: 'local xattr is a change',
    old: { a: f('1') },
    cur: { a: f('1', { xattrs: 'user.x=01' }) },
    neu: { a: f('1') },
    want: { a: { result: 'local', change: 'local' } },
  },
  {
    name: 'changed locally, deleted upstream',
    old: { a: f('1') },
    cur: { a: f('9') },
    neu: {},
    want: { a: { result: 'local', conflict: 'changed locally, deleted upstream' } },
  },
  {
    name: 'deleted locally, changed upstream',
    old: { a: f('1') },
    cur: {},
    neu: { a: f('2') },
    want: { a: { result: 'absent', writeNew: true } },
  },
  {
    name: 'file became symlink upstream, untouched locally',
    old: { a: f('1') },
    cur: { a: f('1') },
    neu: { a: l('b') },
    want: { a: { result: 'new' } },
  },
  {
    name: 'file became dir upstream, modified locally',
    old: { a: f('1') },
    cur: { a: f('9') },
    neu: { a: d(), 'a/x': f('5') },
    want: { a: { result: 'local', writeNew: true }, 'a/x': { result: 'absent' } },
  },
  {
    name: 'dir became file upstream, untouched locally',
    old: { a: d(), 'a/x': f('1') },
    cur: { a: d(), 'a/x': f('1') },
    neu: { a: f('5') },
    want: { a: { result: 'new' }, 'a/x': { result: 'absent' } },
  },
  {
    name: 'dir became symlink upstream, local file inside',
    old: { a: d(), 'a/x': f('1') },
    cur: { a: d(), 'a/x': f('1'), 'a/mine': f('7') },
    neu: { a: l('/usr/share/a') },
    want: {
      a: { result: 'local', writeNew: true },
      'a/x': { result: 'local' },
      'a/mine': { result: 'local' },
    },
  },
  {
    name: 'dir removed upstream, local change inside',
    old: { a: d(), 'a/x': f('1') },
    cur: { a: d(), 'a/x': f('2') },
    neu: {},
    want: { a: { result: 'local' }, 'a/x': { result: 'local' } },
  },
  {
    name: 'symlink retargeted both sides conflicts',
    old: { a: l('1') },
    cur: { a: l('2') },
    neu: { a: l('3') },
    want: { a: { result: 'local', writeNew: true } },
  },
  {
    name: 'symlink became file locally, untouched upstream',
    old: { a: l('1') },
    cur: { a: f('1') },
    neu: { a: l('1') },
    want: { a: { result: 'local' } },
  },
];

for (const row of rows) {
  test(`planEtcMerge: ${row.name}`, () => {
    const actions = planEtcMerge(snap(row.old), snap(row.cur), snap(row.neu));
    for (const [p, want] of Object.entries(row.want)) {
      const a = actions.find((x) => x.path === p);
      assert.ok(a, `no action for ${p}`);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(a[k as keyof EtcAction], v, `${p}.${k}`);
    }
  });
}

test('planEtcMerge orders parents before children', () => {
  const actions = planEtcMerge(
    new Map(),
    new Map(),
    snap({ 'a.d/x': f('1'), a: d(), 'a.d': d(), 'a/b': f('2') }),
  );
  assert.deepEqual(
    actions.map((a) => a.path),
    ['a', 'a/b', 'a.d', 'a.d/x'],
  );
});
