import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAccounts } from '../../src/compose/plan-accounts.js';
import { isOssifyError } from '../../src/core/errors.js';

const db = {
  passwd: 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  group: 'root:x:0:\nsudo:x:27:\nusers:x:100:\nnogroup:x:65534:\n',
  shadow: 'root:*:19000:0:99999:7:::\n',
  gshadow: 'root:*::\nsudo:*::\n',
};

test('users and groups land in passwd/group/shadow and as sysusers.d lines, ids allocated deterministically', () => {
  const r = planAccounts(
    db,
    [
      { name: 'admin', groups: ['sudo'], password: '$y$abc$def' },
      { name: 'svc', system: true },
    ],
    [{ name: 'ops' }],
    19700,
  );
  assert.match(r.db.passwd, /^admin:x:1000:1001::\/home\/admin:\/bin\/bash$/m);
  assert.match(r.db.passwd, /^svc:x:999:999::\/nonexistent:\/usr\/sbin\/nologin$/m);
  assert.match(r.db.group, /^ops:x:1000:$/m);
  assert.match(r.db.group, /^sudo:x:27:admin$/m);
  assert.match(r.db.shadow, /^admin:\$y\$abc\$def:19700:0:99999:7:::$/m);
  assert.match(r.db.gshadow, /^sudo:\*::admin$/m);
  assert.equal(
    r.sysusers
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .join('\n'),
    'g ops 1000\ng admin 1001\nu admin 1000:1001 "" /home/admin /bin/bash\nm admin sudo\ng svc 999\nu svc 999:999 "" /nonexistent /usr/sbin/nologin',
  );
  assert.deepEqual(r.homes, [{ path: '/home/admin', uid: 1000, gid: 1001 }]);
  assert.deepEqual(
    planAccounts(
      db,
      [
        { name: 'admin', groups: ['sudo'], password: '$y$abc$def' },
        { name: 'svc', system: true },
      ],
      [{ name: 'ops' }],
      19700,
    ),
    r,
  );
});

test('a user the tree has already is kept (building on an earlier compose)', () => {
  const r = planAccounts(db, [{ name: 'root', groups: ['sudo'] }], [], 0);
  assert.match(r.db.passwd, /^root:x:0:0:root:\/root:\/bin\/bash$/m);
  assert.equal(r.db.passwd.split('\n').filter((l) => l.startsWith('root:')).length, 1);
  assert.match(r.sysusers, /^u root 0:0 "root" \/root \/bin\/bash$/m);
  assert.match(r.db.group, /^sudo:x:27:root$/m);
});

const BAD: Array<[string, Parameters<typeof planAccounts>[1], Parameters<typeof planAccounts>[2]]> = [
  ['existing user with another uid', [{ name: 'root', uid: 5 }], []],
  ['taken uid', [{ name: 'a', uid: 0 }], []],
  ['taken gid', [], [{ name: 'g', gid: 27 }]],
  ['unknown supplementary group', [{ name: 'a', groups: ['wheel'] }], []],
];
for (const [name, users, groups] of BAD) {
  test(`accounts: ${name} is ERR_OSSIFY_COMPOSE`, () => {
    assert.throws(
      () => planAccounts(db, users, groups, 0),
      (e: unknown) => isOssifyError(e, 'ERR_OSSIFY_COMPOSE'),
    );
  });
}
