// Builds, in code, an OS-like tree with every kind of entry a commit must keep:
// regular and empty files, setuid/setgid/sticky modes, other owners, symlinks
// (relative, absolute, dangling), hardlinks, binary xattrs (user.*,
// security.capability, security.selinux), and awkward file names.
import { chownSync, chmodSync, linkSync, mkdirSync, symlinkSync, writeFileSync, lchownSync } from 'node:fs';
import path from 'node:path';
import { sys } from '../../src/fs/native.js';

export interface BuildTreeOptions {
  /** Add a file whose name is not valid UTF-8 (ostree itself cannot commit it). */
  nonUtf8Name?: boolean;
}

// security.capability v2 for cap_net_bind_service+ep
const CAPABILITY = Buffer.from('0000000200040000000000000000000000000000', 'hex');

export function buildTree(root: string, opts: BuildTreeOptions = {}): void {
  const p = (...parts: string[]) => path.join(root, ...parts);
  mkdirSync(root, { recursive: true });
  for (const d of ['usr/bin', 'usr/lib/modules', 'usr/share/doc/pkg', 'etc/ssh', 'var/tmp', 'tmp', 'empty-dir']) {
    mkdirSync(p(d), { recursive: true });
  }
  writeFileSync(p('usr/bin/tool'), '#!/bin/sh\necho tool\n');
  chmodSync(p('usr/bin/tool'), 0o755);
  writeFileSync(p('usr/bin/sudo-like'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 255]));
  chmodSync(p('usr/bin/sudo-like'), 0o4755);
  writeFileSync(p('usr/bin/wall-like'), 'setgid');
  chownSync(p('usr/bin/wall-like'), 0, 5);
  chmodSync(p('usr/bin/wall-like'), 0o2755);
  writeFileSync(p('usr/bin/ping-like'), 'capability');
  chmodSync(p('usr/bin/ping-like'), 0o755);
  sys.lsetxattr(p('usr/bin/ping-like'), 'security.capability', CAPABILITY);
  writeFileSync(p('etc/empty.conf'), '');
  writeFileSync(p('etc/ssh/sshd_config'), 'PermitRootLogin no\n');
  chmodSync(p('etc/ssh/sshd_config'), 0o600);
  sys.lsetxattr(p('etc/ssh/sshd_config'), 'security.selinux', Buffer.from('system_u:object_r:etc_t:s0\0'));
  writeFileSync(p('usr/share/doc/pkg/README'), 'x'.repeat(70000));
  sys.lsetxattr(p('usr/share/doc/pkg/README'), 'user.binary', Buffer.from([0, 0xff, 0x0a, 0x3d]));
  sys.lsetxattr(p('usr/share/doc/pkg/README'), 'user.a-first', Buffer.from('sorted?'));
  linkSync(p('usr/share/doc/pkg/README'), p('usr/share/doc/pkg/README.hardlink'));
  writeFileSync(p('usr/share/doc/pkg/owned'), 'owned by 1234:5678');
  chownSync(p('usr/share/doc/pkg/owned'), 1234, 5678);
  chmodSync(p('tmp'), 0o1777);
  chmodSync(p('var/tmp'), 0o1777);
  chownSync(p('empty-dir'), 42, 43);
  chmodSync(p('empty-dir'), 0o750);
  sys.lsetxattr(p('empty-dir'), 'user.dir', Buffer.from('on a directory'));
  symlinkSync('../usr/bin/tool', p('etc/tool-link'));
  symlinkSync('/usr/bin/tool', p('etc/abs-link'));
  symlinkSync('does/not/exist', p('etc/dangling'));
  lchownSync(p('etc/dangling'), 7, 8);
  symlinkSync('usr/bin', p('bin'));
  for (const name of ['with space', 'new\nline', 'ünïcödé-名前', '-dash', 'tab\there', 'a'.repeat(255)]) {
    writeFileSync(p('usr/share/doc', name), name);
  }
  if (opts.nonUtf8Name) {
    writeFileSync(Buffer.concat([Buffer.from(p('usr/share/doc') + '/'), Buffer.from([0x6c, 0xff, 0xfe, 0x80])]), 'latin');
  }
}
