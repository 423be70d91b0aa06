// Enables, disables and masks systemd units with the tree's own systemctl,
// offline in the sandbox: it reads each unit's [Install] section and writes
// the same symlinks a booted system would.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OssifyError } from '../core/errors.js';
import { runInTree } from './run-in-tree.js';
import { tail } from './run-tool.js';

export async function applyUnits(
  root: string,
  units: { enable: string[]; disable: string[]; mask: string[] },
): Promise<void> {
  if (!existsSync(path.join(root, 'usr/bin/systemctl')) && !existsSync(path.join(root, 'bin/systemctl'))) {
    throw new OssifyError('ERR_OSSIFY_COMPOSE', 'units: the tree has no systemctl', {
      hint: 'add systemd (or systemd-sysv) to packages',
    });
  }
  for (const [verb, list] of [
    ['enable', units.enable],
    ['disable', units.disable],
    ['mask', units.mask],
  ] as const) {
    if (list.length === 0) continue;
    const r = await runInTree(root, ['systemctl', verb, ...list]);
    if (r.code !== 0) {
      throw new OssifyError(
        'ERR_OSSIFY_COMPOSE',
        `units: systemctl ${verb} ${list.join(' ')} failed:\n${tail(r.output)}`,
        {
          subject: list.join(' '),
          hint: 'check the unit names; the package that ships a unit must be in packages',
        },
      );
    }
  }
}
