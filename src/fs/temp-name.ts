// Temporary names carry the boot id and pid of their writer, so a later run can
// tell leftovers of a dead process (or an earlier boot) from live work.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

let bootId: string | undefined;

export function currentBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '');
    } catch {
      bootId = 'noboot';
    }
  }
  return bootId;
}

/** prefix-BOOTID-PID-RANDOM */
export function tempName(prefix: string): string {
  return `${prefix}-${currentBootId()}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** True when a name made by tempName belongs to a process that no longer runs. */
export function isStaleTempName(name: string): boolean {
  const m = /-([0-9a-f]{32}|noboot)-(\d+)-[0-9a-f]{12}$/.exec(name);
  if (!m) return false;
  if (m[1] !== currentBootId()) return true;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
