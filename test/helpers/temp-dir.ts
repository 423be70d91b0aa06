// Temporary directories for tests, removed when the test ends. Deployment roots
// inside (a demo sysroot) carry the immutable flag, as OSTree's do; it is cleared
// first or the removal fails with EPERM.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function tempDir(t: TestContext | { after(fn: () => void): void }, prefix = 'ossify-test-'): string {
  const dir = mkdtempSync(path.join(process.env.OSSIFY_TEST_TMP ?? tmpdir(), prefix));
  t.after(() => removeTestDir(dir));
  return dir;
}

export function removeTestDir(dir: string): void {
  spawnSync(
    'sh',
    ['-c', 'find "$1" -xdev -maxdepth 8 -path "*/ostree/deploy/*/deploy/*" -prune -type d -exec chattr -i {} + 2>/dev/null', 'sh', dir],
    { stdio: 'ignore' },
  );
  rmSync(dir, { recursive: true, force: true });
}
