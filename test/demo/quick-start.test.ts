// The README's quick start, run as written: compose, deploy, /etc edit, upgrade,
// package diff, rollback. Checks what it prints at each step and the sysroot it
// leaves behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp-dir.js';
import { tryRun } from '../helpers/run.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('npm run demo composes, deploys, upgrades with /etc kept and rolls back', { timeout: 900_000 }, (t) => {
  const dir = tempDir(t);
  const demo = path.join(dir, 'demo');
  const r = tryRun('bash', [path.join(ROOT, 'scripts', 'demo.sh')], { env: { OSSIFY_DEMO_DIR: demo } });
  assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-3000));
  const out = r.stdout;
  assert.match(out, /^\+ tree \S+ \(amd64\)$/m, 'the package diff shows the one added package');
  assert.match(out, /motd: text changed on both sides/, 'the /etc conflict is reported');
  assert.match(out, /^demo-host-1$/m, 'a local-only /etc change survives the upgrade');
  assert.match(out, /^state that survives upgrades$/m, '/var is shared');
  assert.match(out, /checked \d+ objects of 2 commit\(s\): no problems/);
  const status = JSON.parse(tryRun(process.execPath, [path.join(ROOT, 'bin', 'ossify.js'), 'status', '--sysroot', path.join(demo, 'sysroot'), '--json']).stdout);
  assert.equal(status.status.default.version, '1', 'rolled back to version 1');
  assert.equal(status.status.rollback.version, '2');
  const v1 = path.join(demo, 'sysroot/ostree/deploy/demo/deploy', status.status.default.id);
  assert.equal(readFileSync(path.join(v1, 'etc/hostname'), 'utf8'), 'demo-host-1\n');
});
