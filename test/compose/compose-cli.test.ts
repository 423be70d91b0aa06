// The compose CLI without a build: schema output and error reporting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const code = `import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(['node', 'ossify', ...args])}); })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('ossify compose schema prints the manifest JSON Schema', () => {
  const r = cli(['compose', 'schema']);
  assert.equal(r.status, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
  assert.ok('packages' in schema.properties && 'scripts' in schema.properties);
});

test('ossify compose reports manifest errors with file:line:col and exit 3', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, 'ref: a/b\nversion: "1"\nos: x\nbase:\n  suite: bookworm\n  mirorr: http://x\n');
  const repo = path.join(dir, 'repo');
  const r = cli(['compose', file, '--repo', repo, '--json']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /bad\.yaml:6:3: base\.mirorr: unknown field/);
  assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'ERR_OSSIFY_MANIFEST');
  const missing = cli(['compose', path.join(dir, 'none.yaml'), '--repo', repo]);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /ERR_OSSIFY_NOT_FOUND/);
});
