// Which apt sources a bootstrap uses: the manifest's mirror, or the machine's
// own apt sources for that suite (SUITE, SUITE-updates, SUITE-security), as
// one-line entries mmdebstrap accepts as MIRROR arguments.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isErrno } from '../core/errors.js';

export interface AptSource {
  uri: string;
  suite: string;
  components: string[];
  signedBy?: string;
}

/** Parses one-line (`.list`) and deb822 (`.sources`) text; only `deb` entries. */
export function parseAptSources(text: string, deb822: boolean): AptSource[] {
  const out: AptSource[] = [];
  if (!deb822) {
    for (const raw of text.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
      if (!m) continue;
      const signed = /signed-by=(\S+)/.exec(m[1] ?? '')?.[1];
      out.push({
        uri: m[2],
        suite: m[3],
        components: m[4].split(/\s+/).filter(Boolean),
        ...(signed ? { signedBy: signed } : {}),
      });
    }
    return out;
  }
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m && !line.startsWith('#')) fields.set(m[1].toLowerCase(), m[2].trim());
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    if ((fields.get('enabled') ?? 'yes') === 'no') continue;
    const signedBy = fields.get('signed-by');
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) {
      for (const suite of (fields.get('suites') ?? '').split(/\s+/).filter(Boolean)) {
        out.push({
          uri,
          suite,
          components: (fields.get('components') ?? 'main').split(/\s+/),
          ...(signedBy ? { signedBy } : {}),
        });
      }
    }
  }
  return out;
}

/** Entries of `sources` that serve `suite` (its -updates and -security pockets too). */
export function sourcesForSuite(sources: AptSource[], suite: string, components: string[]): string[] {
  const pockets = new Set([suite, `${suite}-updates`, `${suite}-security`, `${suite}/updates`]);
  return sources
    .filter((s) => pockets.has(s.suite))
    .map(
      (s) =>
        `deb ${s.signedBy ? `[signed-by=${s.signedBy}] ` : ''}${s.uri} ${s.suite} ${components.join(' ')}`,
    );
}

/** Manifest mirror values -> one-line entries: a bare URL gets the suite and components. */
export function mirrorEntries(mirrors: string[], suite: string, components: string[]): string[] {
  return mirrors.map((m) => (/^deb(-src)?\s/.test(m) ? m : `deb ${m} ${suite} ${components.join(' ')}`));
}

/** The machine's apt sources (/etc/apt/sources.list and sources.list.d). */
export function readHostAptSources(etcApt = '/etc/apt'): AptSource[] {
  const out: AptSource[] = [];
  const read = (file: string, deb822: boolean): void => {
    try {
      out.push(...parseAptSources(readFileSync(file, 'utf8'), deb822));
    } catch (err) {
      // A missing sources.list is normal on deb822-only systems.
      if (!isErrno(err, 'ENOENT')) throw err;
    }
  };
  read(path.join(etcApt, 'sources.list'), false);
  let names: string[] = [];
  try {
    names = readdirSync(path.join(etcApt, 'sources.list.d')).sort();
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  for (const name of names) {
    if (name.endsWith('.list')) read(path.join(etcApt, 'sources.list.d', name), false);
    else if (name.endsWith('.sources')) read(path.join(etcApt, 'sources.list.d', name), true);
  }
  return out;
}
