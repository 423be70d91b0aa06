// Manifest validation: every bad input is ERR_OSSIFY_MANIFEST naming
// file:line:col and the field, taken from the YAML source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifestJsonSchema, parseManifest } from '../../src/compose/index.js';
import { isOssifyError } from '../../src/core/errors.js';

const GOOD = `ref: demo/x86_64/stable
version: "1"
os: demo
base:
  suite: bookworm
  variant: minbase
packages: [less, netbase]
files:
  - path: /etc/motd
    content: hi
    mode: "0644"
    owner: root:root
users:
  - name: admin
    uid: 1000
    groups: [sudo]
units:
  enable: [ssh.service]
kernel:
  args: [console=ttyS0]
scripts:
  - echo one
  - name: two
    run: echo two
`;

test('a good manifest parses to typed data', () => {
  const m = parseManifest(GOOD, 'm.yaml');
  assert.equal(m.ref, 'demo/x86_64/stable');
  assert.equal(m.base.variant, 'minbase');
  assert.deepEqual(m.packages, ['less', 'netbase']);
  assert.equal(m.users?.[0].uid, 1000);
});

const BAD: Array<{ name: string; yaml: string; expect: RegExp[] }> = [
  { name: 'invalid YAML', yaml: 'ref: a\n  version: [1\n', expect: [/^m\.yaml:1:\d+: \(yaml\): /m] },
  {
    name: 'misspelt field',
    yaml: GOOD.replace('  variant: minbase', '  variantt: minbase'),
    expect: [/^m\.yaml:6:3: base\.variantt: unknown field$/m],
  },
  {
    name: 'unknown variant',
    yaml: GOOD.replace('variant: minbase', 'variant: tiny'),
    expect: [/^m\.yaml:6:12: base\.variant: /m],
  },
  {
    name: 'bad package name',
    yaml: GOOD.replace('[less, netbase]', '[less, Net_Base]'),
    expect: [/^m\.yaml:7:18: packages\[1\]: not a Debian package name$/m],
  },
  {
    name: 'missing required field',
    yaml: GOOD.replace('os: demo\n', ''),
    expect: [/^m\.yaml:1:1: os: required field is missing$/m],
  },
  {
    name: 'two bases',
    yaml: GOOD.replace('  suite: bookworm\n', '  suite: bookworm\n  tarball: x.tar\n'),
    expect: [/^m\.yaml:5:3: base: set exactly one of suite, tarball, directory, ref$/m],
  },
  {
    name: 'relative file path',
    yaml: GOOD.replace('path: /etc/motd', 'path: etc/motd'),
    expect: [/^m\.yaml:9:11: files\[0\]\.path: must be an absolute path/m],
  },
  {
    name: 'content and source',
    yaml: GOOD.replace('    content: hi\n', '    content: hi\n    source: motd\n'),
    expect: [/^m\.yaml:9:5: files\[0\]: set exactly one of content, source$/m],
  },
  {
    name: 'uid of wrong type',
    yaml: GOOD.replace('uid: 1000', 'uid: "x"'),
    expect: [/^m\.yaml:15:10: users\[0\]\.uid: /m],
  },
  {
    name: 'bad unit name',
    yaml: GOOD.replace('[ssh.service]', '[ssh]'),
    expect: [/^m\.yaml:18:12: units\.enable\[0\]: not a systemd unit name$/m],
  },
  {
    name: 'karg with a space',
    yaml: GOOD.replace('[console=ttyS0]', '["a b"]'),
    expect: [/^m\.yaml:20:10: kernel\.args\[0\]: /m],
  },
  {
    name: 'two problems at once',
    yaml: GOOD.replace('os: demo', 'os: "bad name"').replace('variant: minbase', 'variant: 3'),
    expect: [/^m\.yaml:3:5: os: /m, /^m\.yaml:6:12: base\.variant: /m],
  },
  { name: 'not a mapping', yaml: '- just\n- a list\n', expect: [/^m\.yaml:1:1: \(top level\): /m] },
];

for (const c of BAD) {
  test(`bad manifest: ${c.name}`, () => {
    assert.throws(
      () => parseManifest(c.yaml, 'm.yaml'),
      (err: unknown) => {
        assert.ok(isOssifyError(err, 'ERR_OSSIFY_MANIFEST'), String(err));
        for (const re of c.expect) assert.match(err.message, re);
        return true;
      },
    );
  });
}

test('the JSON Schema describes every top-level field and rejects others', () => {
  const schema = manifestJsonSchema() as {
    properties: Record<string, unknown>;
    additionalProperties: boolean;
    required: string[];
  };
  for (const key of [
    'ref',
    'version',
    'os',
    'base',
    'packages',
    'remove',
    'files',
    'users',
    'groups',
    'units',
    'hostname',
    'timezone',
    'locale',
    'kernel',
    'scripts',
  ]) {
    assert.ok(key in schema.properties, key);
  }
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual([...schema.required].sort(), ['base', 'os', 'ref', 'version']);
});
