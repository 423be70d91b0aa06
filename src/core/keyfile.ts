// GLib key files (INI-like), the format of OSTree's repo `config` and deployment
// `.origin` files. Parsing keeps group and key order so rendering a parsed file
// gives it back unchanged, apart from comments and blank lines, which are dropped.
import { OssifyError } from './errors.js';

export type Keyfile = Map<string, Map<string, string>>;

export function parseKeyfile(text: string, source = 'keyfile'): Keyfile {
  const out: Keyfile = new Map();
  let group: Map<string, string> | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw keyfileError(source, i, 'unterminated group header');
      const name = line.slice(1, -1);
      group = out.get(name) ?? new Map();
      out.set(name, group);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw keyfileError(source, i, 'expected key=value');
    if (!group) throw keyfileError(source, i, 'key outside any [group]');
    group.set(line.slice(0, eq).trim(), unescapeValue(line.slice(eq + 1).trim()));
  }
  return out;
}

export function renderKeyfile(kf: Keyfile): string {
  const parts: string[] = [];
  for (const [name, entries] of kf) {
    parts.push(`[${name}]`);
    for (const [k, v] of entries) parts.push(`${k}=${escapeValue(v)}`);
    parts.push('');
  }
  return parts.join('\n');
}

export function keyfileGet(kf: Keyfile, group: string, key: string): string | undefined {
  return kf.get(group)?.get(key);
}

export function keyfileSet(kf: Keyfile, group: string, key: string, value: string): void {
  let g = kf.get(group);
  if (!g) {
    g = new Map();
    kf.set(group, g);
  }
  g.set(key, value);
}

function keyfileError(source: string, index: number, what: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_INVALID_INPUT', `${source}:${index + 1}: ${what}`, {
    hint: 'the file is a GLib key file: [group] headers followed by key=value lines',
    subject: source,
  });
}

function unescapeValue(v: string): string {
  return v.replace(/\\([stnr\\])/g, (_m, c: string) =>
    c === 's' ? ' ' : c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\',
  );
}

function escapeValue(v: string): string {
  return v
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/^ /, '\\s');
}
