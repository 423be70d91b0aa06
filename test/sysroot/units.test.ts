// Pure pieces: text merge, kernel arguments, boot entries and links, transitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeText } from '../../src/sysroot/merge-text.js';
import { editKargs, parseBootEntry, renderBootEntry, splitKargs } from '../../src/sysroot/boot-entry.js';
import { parseBootLink, parseDeployName, renderBootLink, validateOsName } from '../../src/sysroot/layout.js';
import {
  assignBootSerials,
  checkTransition,
  nextDeploySerial,
  planDeploy,
  planRollback,
  planUndeploy,
  rollbackIndex,
} from '../../src/sysroot/plan-deployments.js';
import type { Deployment } from '../../src/sysroot/deployment.js';
import { isOssifyError } from '../../src/core/errors.js';
import { HostSchema, hostJsonSchema } from '../../src/sysroot/host-document.js';
import { parseOsRelease, bootEntryTitle } from '../../src/sysroot/os-release.js';

const C = (n: number): string => String(n).repeat(64).slice(0, 64);

test('mergeText: non-overlapping edits merge, overlapping conflict', () => {
  const base = 'a=1\nb=2\nc=3\n';
  assert.deepEqual(mergeText(base, 'a=LOCAL\nb=2\nc=3\n', 'a=1\nb=2\nc=NEW\n'), {
    ok: true,
    text: 'a=LOCAL\nb=2\nc=NEW\n',
  });
  assert.deepEqual(mergeText(base, 'a=LOCAL\nb=2\nc=3\n', 'a=NEW\nb=2\nc=3\n'), { ok: false });
  assert.deepEqual(mergeText(base, base, 'a=1\nb=2\nc=3\nd=4'), { ok: true, text: 'a=1\nb=2\nc=3\nd=4' });
  assert.deepEqual(mergeText('', 'x\n', 'x\n'), { ok: true, text: 'x\n' });
});

const kargRows: Array<[string, string[], Parameters<typeof editKargs>[1], string[]]> = [
  ['append', ['root=/dev/sda'], { append: ['quiet'] }, ['root=/dev/sda', 'quiet']],
  ['delete by key', ['console=tty0', 'quiet', 'console=ttyS0'], { delete: ['console'] }, ['quiet']],
  ['delete exact', ['console=tty0', 'console=ttyS0'], { delete: ['console=tty0'] }, ['console=ttyS0']],
  ['replace by key', ['root=/dev/sda', 'quiet'], { replace: ['root=LABEL=r'] }, ['root=LABEL=r', 'quiet']],
  [
    'replace old value',
    ['console=tty0', 'console=ttyS0'],
    { replace: ['console=ttyS0=ttyS1'] },
    ['console=tty0', 'console=ttyS1'],
  ],
  ['set replaces duplicates', ['a=1', 'b', 'a=2'], { set: ['a=3'] }, ['a=3', 'b']],
  ['set appends', ['b'], { set: ['a=3'] }, ['b', 'a=3']],
];
for (const [name, from, edit, want] of kargRows) {
  test(`editKargs: ${name}`, () => assert.deepEqual(editKargs(from, edit), want));
}

test('splitKargs keeps quoted values together', () => {
  assert.deepEqual(splitKargs(' root=UUID=x  dyndbg="file a.c +p" quiet\n'), [
    'root=UUID=x',
    'dyndbg="file a.c +p"',
    'quiet',
  ]);
});

test('boot entries round-trip', () => {
  const text =
    'title Demo (ostree:0)\nversion 2\noptions root=x ostree=/ostree/boot.1/demo/' +
    C(1) +
    '/0\nlinux /ostree/x/vmlinuz-1\n';
  assert.equal(renderBootEntry(parseBootEntry(text)), text);
});

test('bootlinks and deploy names parse; bad ones are ERR_OSSIFY_SYSROOT', () => {
  const link = { bootVersion: 1, osname: 'demo', bootChecksum: C(2), bootSerial: 3 };
  assert.deepEqual(parseBootLink(renderBootLink(link)), link);
  assert.deepEqual(parseDeployName(`${C(4)}.12`), { checksum: C(4), serial: 12 });
  assert.equal(parseDeployName('x.1'), null);
  assert.throws(
    () => parseBootLink('/ostree/boot.2/demo/x/0'),
    (e) => isOssifyError(e, 'ERR_OSSIFY_SYSROOT'),
  );
  assert.throws(
    () => validateOsName('../etc'),
    (e) => isOssifyError(e, 'ERR_OSSIFY_USAGE'),
  );
});

const dep = (n: number, over: Partial<Deployment> = {}): Deployment => ({
  osname: 'demo',
  checksum: C(n),
  serial: 0,
  bootChecksum: C(9),
  kernelVersion: '6',
  kernelArgs: [],
  origin: new Map(),
  ...over,
});
const pinned = (n: number): Deployment =>
  dep(n, { origin: new Map([['libostree-transient', new Map([['pinned', 'true']])]]) });

test('planDeploy keeps N of this OS, every pinned, the booted and other OSes', () => {
  const cur = [dep(1), dep(2), pinned(3), dep(4), dep(5, { osname: 'other' })];
  const next = planDeploy({ current: cur, booted: cur[3] }, dep(6), 2);
  assert.deepEqual(
    next.map((d) => d.checksum[0]),
    ['6', '1', '3', '4', '5'],
  );
});

test('rollback swaps default and the next deployment of the same OS', () => {
  const cur = [dep(1), dep(2, { osname: 'other' }), dep(3)];
  assert.equal(rollbackIndex(cur), 2);
  assert.deepEqual(
    planRollback({ current: cur, booted: null }).map((d) => d.checksum[0]),
    ['3', '1', '2'],
  );
  assert.throws(
    () => planRollback({ current: [dep(1)], booted: null }),
    (e) => isOssifyError(e, 'ERR_OSSIFY_TRANSITION'),
  );
});

const transitionRows: Array<[string, () => void, string]> = [
  ['empty list', () => checkTransition({ current: [dep(1)], booted: null }, []), 'ERR_OSSIFY_TRANSITION'],
  [
    'drops booted',
    () => checkTransition({ current: [dep(1), dep(2)], booted: dep(2) }, [dep(1)]),
    'ERR_OSSIFY_TRANSITION',
  ],
  [
    'drops pinned silently',
    () => checkTransition({ current: [dep(1), pinned(2)], booted: null }, [dep(1)]),
    'ERR_OSSIFY_TRANSITION',
  ],
  [
    'unknown deployment',
    () => checkTransition({ current: [dep(1)], booted: null }, [dep(7)]),
    'ERR_OSSIFY_TRANSITION',
  ],
  [
    'duplicate',
    () => checkTransition({ current: [dep(1)], booted: null }, [dep(1), dep(1)]),
    'ERR_OSSIFY_TRANSITION',
  ],
  [
    'undeploy booted',
    () => planUndeploy({ current: [dep(1), dep(2)], booted: dep(2) }, 1),
    'ERR_OSSIFY_TRANSITION',
  ],
  ['undeploy bad index', () => planUndeploy({ current: [dep(1)], booted: null }, 5), 'ERR_OSSIFY_USAGE'],
  ['keep 0', () => planDeploy({ current: [], booted: null }, dep(1), 0), 'ERR_OSSIFY_USAGE'],
];
for (const [name, fn, code] of transitionRows) {
  test(`transition refused: ${name}`, () => assert.throws(fn, (e) => isOssifyError(e, code as never)));
}

test('explicit undeploy of a pinned deployment is allowed', () => {
  checkTransition({ current: [dep(1), pinned(2)], booted: null }, [dep(1)], { removing: [pinned(2)] });
});

test('boot serials count per boot checksum, serials skip dirs on disk', () => {
  assert.deepEqual(assignBootSerials([dep(1), dep(2, { bootChecksum: C(8) }), dep(3)]), [0, 0, 1]);
  assert.equal(nextDeploySerial(C(1), 'demo', [dep(1)], [`${C(1)}.3`, `${C(1)}.3.origin`]), 4);
});

test('os-release titles match libostree', () => {
  const rel = parseOsRelease('NAME=Demo\nPRETTY_NAME="Demo OS 1"\n');
  assert.equal(bootEntryTitle(rel, 'demo', '1.0', 1), 'Demo OS 1 1.0 (ostree:1)');
  assert.equal(bootEntryTitle(rel, 'demo', '1', 0), 'Demo OS 1 (ostree:0)');
});

test('Host JSON Schema is exported and describes the document', () => {
  const schema = hostJsonSchema() as { properties: Record<string, unknown>; required: string[] };
  assert.deepEqual(schema.required.sort(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.ok(HostSchema.safeParse({ apiVersion: 'ossify.dev/v1', kind: 'Host' }).success === false);
});
