// Shaping on a tree built in code: each rule of the immutable layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import path from 'node:path';
import { shapeTree, DPKG_DB_DIR } from '../../src/compose/index.js';
import { resolveInTree } from '../../src/compose/resolve-in-tree.js';
import { isOssifyError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

function fakeRoot(root: string): void {
  const put = (rel: string, content = ''): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  put('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n');
  put('etc/group', 'root:x:0:\n');
  put('etc/machine-id', '0123456789abcdef0123456789abcdef\n');
  put('etc/ssh/ssh_host_ed25519_key', 'secret');
  put('usr/sbin/sshd', '');
  put(
    'var/lib/dpkg/status',
    'Package: less\nStatus: install ok installed\nVersion: 590-2\nArchitecture: amd64\n',
  );
  put('var/lib/dpkg/status-old', 'old');
  put('var/log/apt/history.log', 'log');
  put('var/cache/apt/pkgcache.bin', 'cache');
  put('var/lib/misc/state', 'seed');
  put('boot/vmlinuz-6.1.0-28-cloud-amd64', 'kernel');
  put('boot/initrd.img-6.1.0-28-cloud-amd64', 'initrd');
  put('boot/config-6.1.0-28-cloud-amd64', 'config');
  symlinkSync('boot/vmlinuz-6.1.0-28-cloud-amd64', path.join(root, 'vmlinuz'));
  put('home/alice/.profile', 'x');
  put('opt/app/bin', '');
  put('usr/local/bin/.keep', '');
  put('root/.bashrc', '');
  put('dev/null', '');
  put('tmp/junk', '');
  put('run/pid', '');
  mkdirSync(path.join(root, 'proc/1'), { recursive: true });
  symlinkSync('usr/bin', path.join(root, 'bin'));
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
}

test('shapeTree lays a tree out for an immutable system', (t) => {
  const root = tempDir(t);
  fakeRoot(root);
  const r = shapeTree(root);
  assert.deepEqual(r.kernels, ['6.1.0-28-cloud-amd64']);
  const mod = path.join(root, 'usr/lib/modules/6.1.0-28-cloud-amd64');
  assert.equal(readFileSync(path.join(mod, 'vmlinuz'), 'utf8'), 'kernel');
  assert.equal(readFileSync(path.join(mod, 'initramfs.img'), 'utf8'), 'initrd');
  assert.deepEqual(readdirSync(path.join(root, 'boot')), []);
  assert.ok(!existsSync(path.join(root, 'vmlinuz')));
  // /etc -> /usr/etc, with an empty machine-id and no host keys
  assert.ok(!existsSync(path.join(root, 'etc')));
  assert.equal(readFileSync(path.join(root, 'usr/etc/machine-id'), 'utf8'), '');
  assert.ok(!existsSync(path.join(root, 'usr/etc/ssh/ssh_host_ed25519_key')));
  assert.ok(existsSync(path.join(root, 'usr/lib/systemd/system/ossify-sshd-keygen.service')));
  // dpkg database under /usr, /var/lib/dpkg a link to it
  assert.equal(readlinkSync(path.join(root, 'var/lib/dpkg')), `../../${DPKG_DB_DIR}`);
  assert.match(readFileSync(path.join(root, 'var/lib/dpkg/status'), 'utf8'), /Package: less/);
  assert.ok(!existsSync(path.join(root, DPKG_DB_DIR, 'status-old')));
  // state directories are links into /var, their content moved along
  for (const [link, target] of [
    ['home', 'var/home'],
    ['opt', 'var/opt'],
    ['srv', 'var/srv'],
    ['root', 'var/roothome'],
    ['mnt', 'var/mnt'],
    ['usr/local', '../var/usrlocal'],
  ]) {
    assert.equal(readlinkSync(path.join(root, link)), target, link);
  }
  assert.ok(existsSync(path.join(root, 'var/home/alice/.profile')));
  assert.ok(existsSync(path.join(root, 'var/usrlocal/bin/.keep')));
  // API file systems and temp dirs empty; logs and caches gone
  for (const d of ['dev', 'proc', 'sys', 'run', 'tmp', 'var/tmp'])
    assert.deepEqual(readdirSync(path.join(root, d)), [], d);
  assert.equal(lstatSync(path.join(root, 'tmp')).mode & 0o7777, 0o1777);
  assert.ok(!existsSync(path.join(root, 'var/log/apt/history.log')));
  assert.ok(existsSync(path.join(root, 'var/log/apt')));
  assert.deepEqual(readdirSync(path.join(root, 'var/cache/apt')), []);
  // /var declared for tmpfiles.d, files seeded from /usr/share/factory
  const tmpfiles = readFileSync(path.join(root, 'usr/lib/tmpfiles.d/ossify-var.conf'), 'utf8');
  assert.match(tmpfiles, /^d \/var\/home\/alice 0755 root root -$/m);
  assert.match(tmpfiles, /^L \/var\/lib\/dpkg - - - - \.\.\/\.\.\/usr\/lib\/sysimage\/dpkg$/m);
  assert.match(tmpfiles, /^C \/var\/lib\/misc\/state - - - - \/usr\/share\/factory\/var\/lib\/misc\/state$/m);
  assert.equal(readFileSync(path.join(root, 'usr/share/factory/var/lib/misc/state'), 'utf8'), 'seed');
  // OSTree's mount points
  assert.ok(lstatSync(path.join(root, 'sysroot')).isDirectory());
  assert.equal(readlinkSync(path.join(root, 'ostree')), 'sysroot/ostree');
});

test('resolveInTree follows links inside the tree and refuses ..', (t) => {
  const root = tempDir(t);
  mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
  symlinkSync('usr/bin', path.join(root, 'bin'));
  symlinkSync('/etc', path.join(root, 'usr/escape'));
  assert.equal(resolveInTree(root, '/bin/tool'), path.join(root, 'usr/bin/tool'));
  assert.equal(resolveInTree(root, '/usr/escape/passwd'), path.join(root, 'etc/passwd'));
  assert.throws(
    () => resolveInTree(root, '/../etc/passwd'),
    (e: unknown) => isOssifyError(e, 'ERR_OSSIFY_UNSAFE_PATH'),
  );
});
