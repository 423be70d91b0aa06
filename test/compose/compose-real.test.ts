// Real composes with mmdebstrap (variant essential + one package, so it stays
// fast): the CLI's --json report, the shaped tree, reproducibility from
// scratch, the package cache, and failures that must leave the ref alone.
// One bootstrap's cache is shared by every case; the whole file takes 1-3 min.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  composeManifest,
  loadLockfile,
  renderLockfile,
  type ComposeResult,
} from '../../src/compose/index.js';
import { checkoutCommit, initRepo, openRepo, readCommit, readRef } from '../../src/store/index.js';
import { isOssifyError, type OssifyErrorCode } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REF = 'test/x86_64/small';

const MANIFEST = `ref: ${REF}
version: "1"
os: testos
base:
  suite: bookworm
  variant: essential
packages: [less]
files:
  - path: /etc/motd
    content: "hello from ossify\\n"
  - path: /usr/share/testos/data
    source: data.txt
    mode: "0600"
    owner: tester
users:
  - name: tester
    uid: 1500
hostname: testhost
kernel:
  args: [quiet, console=ttyS0]
scripts:
  - name: record
    run: echo built > /usr/share/testos/stamp
  - name: no network
    # In a fresh network namespace only the loopback device exists.
    run: test "$(grep -c ':' /proc/net/dev)" = 1
`;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const code = `import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(['node', 'ossify', ...args])}); })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function expectFailure(
  code: OssifyErrorCode,
  fn: () => Promise<unknown>,
  mention: RegExp[],
): Promise<void> {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(isOssifyError(err, code), `expected ${code}, got ${String(err)}`);
    for (const re of mention) assert.match(err.message, re);
    return true;
  });
}

test('compose a small manifest for real', { timeout: 900_000 }, async (t) => {
  const dir = tempDir(t, 'ossify-compose-');
  const manifest = path.join(dir, 'small.yaml');
  writeFileSync(manifest, MANIFEST);
  writeFileSync(path.join(dir, 'data.txt'), 'secret data\n');
  const repo1 = path.join(dir, 'repo1');
  const repo2 = path.join(dir, 'repo2');
  initRepo(repo1);
  initRepo(repo2);
  const lockPath = path.join(dir, 'small.lock.json');
  let first: ComposeResult;

  await t.test('ossify compose --json commits the tree, reports phases and writes the lock', () => {
    const r = cli(['compose', manifest, '--repo', repo1, '--json']);
    assert.equal(r.status, 0, r.stderr);
    first = JSON.parse(r.stdout) as ComposeResult;
    assert.equal(first.ref, REF);
    assert.deepEqual(
      first.phases.map((p) => p.phase),
      ['bootstrap', 'install', 'files', 'scripts', 'shaping', 'commit'],
    );
    for (const p of first.phases) assert.ok(p.ms >= 0);
    assert.equal(readRef(openRepo(repo1), REF), first.checksum);
    const lock = loadLockfile(lockPath);
    assert.ok(lock && lock.packages.some((p) => p.name === 'less'));
    assert.equal(lock.timestamp, first.timestamp);
    const meta = readCommit(openRepo(repo1), first.checksum).metadata;
    assert.equal(meta.version, '1');
    assert.equal(meta['ossify.manifest-digest'], first.manifestDigest);
    assert.deepEqual(meta['ossify.kargs'], ['quiet', 'console=ttyS0']);
    const pkgs = meta['ossify.packages'] as string[][];
    assert.equal(pkgs.length, first.packages);
    assert.ok(pkgs.some((p) => p[0] === 'less' && p[2] === 'amd64'));
    assert.equal(typeof meta['ossify.version'], 'string');
  });

  await t.test("the committed tree is shaped and carries the manifest's content", async () => {
    const co = path.join(dir, 'checkout');
    await checkoutCommit(openRepo(repo1), REF, co);
    assert.equal(readFileSync(path.join(co, 'usr/etc/motd'), 'utf8'), 'hello from ossify\n');
    const data = lstatSync(path.join(co, 'usr/share/testos/data'));
    assert.equal(data.mode & 0o7777, 0o600);
    assert.equal(data.uid, 1500);
    assert.equal(readFileSync(path.join(co, 'usr/share/testos/stamp'), 'utf8'), 'built\n');
    assert.match(readFileSync(path.join(co, 'usr/etc/passwd'), 'utf8'), /^tester:x:1500:1500:/m);
    assert.match(
      readFileSync(path.join(co, 'usr/lib/sysusers.d/ossify.conf'), 'utf8'),
      /^u tester 1500:1500 /m,
    );
    assert.equal(readFileSync(path.join(co, 'usr/etc/hostname'), 'utf8'), 'testhost\n');
    assert.equal(readFileSync(path.join(co, 'usr/lib/ostree-boot/kargs'), 'utf8'), 'quiet console=ttyS0\n');
    assert.equal(readFileSync(path.join(co, 'usr/etc/machine-id'), 'utf8'), '');
    assert.ok(!existsSync(path.join(co, 'etc')) && !existsSync(path.join(co, 'usr/etc/resolv.conf')));
    assert.equal(readlinkSync(path.join(co, 'var/lib/dpkg')), '../../usr/lib/sysimage/dpkg');
    assert.match(readFileSync(path.join(co, 'usr/lib/sysimage/dpkg/status'), 'utf8'), /^Package: less$/m);
    assert.equal(readlinkSync(path.join(co, 'home')), 'var/home');
    assert.ok(existsSync(path.join(co, 'usr/lib/tmpfiles.d/ossify-var.conf')));
  });

  await t.test(
    'composing again from scratch with the same lock gives the same commit and downloads nothing',
    async () => {
      const again = await composeManifest({ manifest, repo: repo2, fsync: false });
      assert.equal(again.checksum, first.checksum);
      assert.equal(again.downloaded, 0);
      assert.equal(again.lockWritten, false);
    },
  );

  await t.test('failures name the problem and leave the ref where it was', async () => {
    const variant = (name: string, edit: (m: string) => string): string => {
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, edit(MANIFEST));
      return file;
    };
    const cases: Array<{ name: string; file: string; code: OssifyErrorCode; mention: RegExp[] }> = [
      {
        name: 'missing source',
        file: variant('nosource', (m) => m.replace('source: data.txt', 'source: nope.txt')),
        code: 'ERR_OSSIFY_MANIFEST',
        mention: [/nope\.txt/],
      },
      {
        name: 'unknown package',
        file: variant('unknown', (m) => m.replace('[less]', '[less, ossify-no-such-package]')),
        code: 'ERR_OSSIFY_PACKAGE',
        mention: [/ossify-no-such-package/],
      },
      // Built on the first commit (base: ref) so the case needs no second bootstrap.
      {
        name: 'failing script',
        file: variant('failing', (m) =>
          m
            .replace(/base:\n( {2}.*\n)+/, `base:\n  ref: ${REF}\n`)
            .replace('packages: [less]\n', '')
            .replace('run: echo built', 'run: echo broken >&2; exit 3; echo built'),
        ),
        code: 'ERR_OSSIFY_SCRIPT_FAILED',
        mention: [/"record"/, /status 3/, /broken/],
      },
    ];
    for (const c of cases) {
      await expectFailure(
        c.code,
        () => composeManifest({ manifest: c.file, repo: repo1, lock: lockPath, fsync: false }),
        c.mention,
      );
      assert.equal(readRef(openRepo(repo1), REF), first.checksum, `${c.name}: ref moved`);
    }
  });

  await t.test('a locked version the mirror lacks is named; --update-lock moves the lock', async () => {
    const lock = loadLockfile(lockPath);
    assert.ok(lock);
    const real = lock.packages.find((p) => p.name === 'less')?.version as string;
    const stale = path.join(dir, 'stale.lock.json');
    writeFileSync(
      stale,
      renderLockfile({
        ...lock,
        packages: lock.packages.map((p) => (p.name === 'less' ? { ...p, version: '1:0.0-0' } : p)),
      }),
    );
    await expectFailure(
      'ERR_OSSIFY_LOCKFILE',
      () => composeManifest({ manifest, repo: repo1, lock: stale, fsync: false }),
      [/less: locked 1:0\.0-0, mirror has /, new RegExp(real.replace(/[.+]/g, '\\$&'))],
    );
    assert.equal(readRef(openRepo(repo1), REF), first.checksum);
    const moved = await composeManifest({
      manifest,
      repo: repo1,
      lock: stale,
      updateLock: true,
      fsync: false,
    });
    assert.ok(moved.lockWritten);
    assert.equal(loadLockfile(stale)?.packages.find((p) => p.name === 'less')?.version, real);
    assert.equal(readRef(openRepo(repo1), REF), moved.checksum);
  });
});
