// Boot Loader Specification entries (boot/loader.B/entries/*.conf) and kernel
// command lines. Pure parsing and rendering; key order is kept so entries we
// rewrite stay byte-identical when nothing changed.
export type BootEntry = Array<[string, string]>;

export function parseBootEntry(text: string): BootEntry {
  const out: BootEntry = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m) out.push([m[1], m[2].trim()]);
    else out.push([line, '']);
  }
  return out;
}

export function renderBootEntry(entry: BootEntry): string {
  return entry.map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

export function bootEntryGet(entry: BootEntry, key: string): string | undefined {
  return entry.find(([k]) => k === key)?.[1];
}

/** Splits a kernel command line into arguments (double quotes group, as the kernel does). */
export function splitKargs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let has = false;
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
      cur += ch;
      has = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

export function kargKey(arg: string): string {
  const eq = arg.indexOf('=');
  return eq < 0 ? arg : arg.slice(0, eq);
}

export function findKarg(kargs: string[], key: string): string | undefined {
  const hit = kargs.find((a) => kargKey(a) === key);
  if (hit === undefined) return undefined;
  const eq = hit.indexOf('=');
  return eq < 0 ? '' : hit.slice(eq + 1);
}

export interface KargEdit {
  append?: string[];
  delete?: string[];
  replace?: string[];
  /** Set: replaces every argument with the same key, or appends (deploy --karg). */
  set?: string[];
}

/**
 * Applies edits in a fixed order: delete, replace, set, append. `delete A` removes
 * exactly A (or every A=... when A has no "="); `replace K=OLD=NEW` or `replace K=NEW`.
 */
export function editKargs(kargs: string[], edit: KargEdit): string[] {
  let out = [...kargs];
  for (const d of edit.delete ?? []) {
    out = d.includes('=') ? out.filter((a) => a !== d) : out.filter((a) => kargKey(a) !== d);
  }
  for (const r of edit.replace ?? []) {
    const key = kargKey(r);
    const rest = r.slice(key.length + 1);
    const second = rest.indexOf('=');
    if (second >= 0 && out.includes(`${key}=${rest.slice(0, second)}`)) {
      const from = `${key}=${rest.slice(0, second)}`;
      out = out.map((a) => (a === from ? `${key}=${rest.slice(second + 1)}` : a));
    } else {
      out = out.map((a) => (kargKey(a) === key ? r : a));
    }
  }
  for (const s of edit.set ?? []) {
    const key = kargKey(s);
    if (out.some((a) => kargKey(a) === key)) {
      const first = out.findIndex((a) => kargKey(a) === key);
      out = out.map((a, i) => (i === first ? s : a)).filter((a, i) => i === first || kargKey(a) !== key);
    } else out.push(s);
  }
  for (const a of edit.append ?? []) out.push(a);
  return out;
}
