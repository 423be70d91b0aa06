// The manifest's scripts: each runs with /bin/sh -e inside the tree, in a
// bubblewrap sandbox with no network. The first failure stops the compose.
import { OssifyError } from '../core/errors.js';
import type { PlannedScript } from './compose-plan.js';
import { runInTree } from './run-in-tree.js';
import { tail } from './run-tool.js';

export async function runScripts(
  root: string,
  scripts: PlannedScript[],
  opts: { sourceDateEpoch: number; onLine?: (line: string) => void },
): Promise<void> {
  for (const s of scripts) {
    const r = await runInTree(root, ['/bin/sh', '-e', '-c', s.run], {
      env: { SOURCE_DATE_EPOCH: String(opts.sourceDateEpoch) },
      onLine: opts.onLine,
    });
    if (r.code !== 0) {
      throw new OssifyError(
        'ERR_OSSIFY_SCRIPT_FAILED',
        `script "${s.name}" failed with status ${r.code}:\n${tail(r.output)}`,
        {
          subject: s.name,
          hint: 'scripts run inside the tree without network; fix the script and compose again',
        },
      );
    }
  }
}
