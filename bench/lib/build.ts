// Makes sure bin/ossify.js runs code compiled from the current sources: builds when
// dist/ or the native addon is older than what it is built from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';

function newestMtime(root: string, accept: (name: string) => boolean): number {
  if (!existsSync(root)) return 0;
  if (!statSync(root).isDirectory()) return statSync(root).mtimeMs;
  let newest = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) stack.push(p);
      else if (d.isFile() && accept(d.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** Why dist/ is stale, or undefined when it is fresh. */
export function staleReason(repoRoot: string): string | undefined {
  const at = (p: string): string => path.join(repoRoot, p);
  const entry = at('dist/cli/main.js');
  if (!existsSync(entry)) return 'dist/cli/main.js is missing';
  // tsc rewrites every output on each build, so one output's mtime stands for all of them.
  const built = statSync(entry).mtimeMs;
  const sources = Math.max(
    newestMtime(at('src'), (n) => n.endsWith('.ts')),
    newestMtime(at('tsconfig.json'), () => true),
    newestMtime(at('tsconfig.build.json'), () => true),
  );
  if (sources > built) return 'src/ is newer than dist/';
  const addon = newestMtime(at('native/build/Release'), (n) => n.endsWith('.node'));
  const native = newestMtime(at('native'), (n) => n.endsWith('.c') || n === 'binding.gyp');
  if (addon === 0) return 'the native addon is not built';
  // native/build holds no .c or binding.gyp, so walking native/ whole is fine.
  if (native > addon) return 'native/ is newer than its addon';
  return undefined;
}

export async function ensureBuilt(
  repoRoot: string,
  log: (line: string) => void,
  force: boolean,
): Promise<void> {
  const reason = force ? '--build given' : staleReason(repoRoot);
  if (!reason) return;
  log(`build: ${reason}; running npm run build`);
  await run({ argv: ['npm', 'run', 'build'], cwd: repoRoot });
}
