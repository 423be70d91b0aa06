// Peer tools ossify is measured against. Versions go into the report.
import { execFileSync } from 'node:child_process';
import type { Peer } from './types.js';

function versionOf(argv: string[], pattern: RegExp): string {
  const out = execFileSync(argv[0], argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return pattern.exec(out)?.[1] ?? out.trim().split('\n')[0];
}

export const ostree: Peer = {
  name: 'ostree',
  // "libostree:\n Version: '2022.7'\n Features: …"
  version: () => versionOf(['ostree', '--version'], /Version:\s*'?([^'\s]+)/),
};

export const mmdebstrap: Peer = {
  name: 'mmdebstrap',
  version: () => versionOf(['mmdebstrap', '--version'], /mmdebstrap\s+(\S+)/),
};
