// Pure parser for dpkg's status database (var/lib/dpkg/status): the list of
// installed packages recorded in commit metadata and in the lockfile.
import type { PackageEntry } from './package-entry.js';
import { sortPackages } from './package-entry.js';

/** Installed packages ("install ok installed") from the status file text. */
export function parseDpkgStatus(text: string): PackageEntry[] {
  const out: PackageEntry[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    let name = '';
    let version = '';
    let arch = '';
    let status = '';
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, key, value] = m;
      if (key === 'Package') name = value.trim();
      else if (key === 'Version') version = value.trim();
      else if (key === 'Architecture') arch = value.trim();
      else if (key === 'Status') status = value.trim();
    }
    if (name && version && status.endsWith(' installed')) out.push({ name, version, arch });
  }
  return sortPackages(out);
}
