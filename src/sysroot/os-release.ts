// os-release(5) of a deployment, for boot entry titles. usr/lib/os-release is
// read first (as libostree does): /etc/os-release may be an absolute symlink
// that would resolve on the host instead of inside the deployment.
import { readFileSync } from 'node:fs';
import { lstatNoSymlink } from './no-symlink-path.js';
import path from 'node:path';

export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out.set(m[1], v.replace(/\\(.)/g, '$1'));
  }
  return out;
}

export function readOsRelease(deployDir: string): Map<string, string> {
  for (const rel of ['usr/lib/os-release', 'etc/os-release']) {
    try {
      // Never through a symlink: an absolute one would read the host's file.
      if (lstatNoSymlink(deployDir, rel, 'os-release')?.isFile()) {
        return parseOsRelease(readFileSync(path.join(deployDir, rel), 'utf8'));
      }
    } catch {
      // A symlinked or unreadable os-release only costs the entry a nicer title.
    }
  }
  return new Map();
}

/** "PRETTY_NAME VERSION (ostree:INDEX)", the title libostree writes. */
export function bootEntryTitle(
  osRelease: Map<string, string>,
  osname: string,
  version: string | null,
  index: number,
): string {
  let title = osRelease.get('PRETTY_NAME') ?? osRelease.get('ID') ?? osname;
  if (version && !title.includes(version)) title += ` ${version}`;
  return `${title} (ostree:${index})`;
}
