// Declares what packages put in /var as tmpfiles.d lines, so a deployment's
// /var (shared, persistent, possibly empty) is completed at boot by
// systemd-tmpfiles: directories as `d`, symlinks as `L`, files as `C` copies
// from /usr/share/factory.
import { lstatSync, readdirSync, readFileSync, readlinkSync, existsSync } from 'node:fs';
import path from 'node:path';

export interface VarEntry {
  kind: 'd' | 'L' | 'C';
  path: string;
  mode?: number;
  user?: string;
  group?: string;
  target?: string;
}

/** One tmpfiles.d line per entry; `C` sources come from /usr/share/factory. */
export function renderTmpfiles(entries: VarEntry[]): string {
  const lines = entries.map((e) => {
    if (e.kind === 'd')
      return `d ${e.path} ${(e.mode ?? 0o755).toString(8).padStart(4, '0')} ${e.user ?? 'root'} ${e.group ?? 'root'} -`;
    if (e.kind === 'L') return `L ${e.path} - - - - ${e.target}`;
    return `C ${e.path} - - - - /usr/share/factory${e.path}`;
  });
  return `# What the composed tree carried in /var, recreated when missing.\n${lines.join('\n')}\n`;
}

function idNames(root: string, file: 'passwd' | 'group'): Map<number, string> {
  const names = new Map<number, string>();
  const p = path.join(root, 'etc', file);
  if (!existsSync(p)) return names;
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    const f = line.split(':');
    if (f.length > 2 && !names.has(Number(f[2]))) names.set(Number(f[2]), f[0]);
  }
  return names;
}

/** Walks the tree's /var (sorted, synchronously, never following symlinks). */
export function collectVarEntries(root: string): VarEntry[] {
  const users = idNames(root, 'passwd');
  const groups = idNames(root, 'group');
  const out: VarEntry[] = [];
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    const names = readdirSync(abs).sort();
    for (const name of names) {
      const childRel = `${rel}/${name}`;
      const st = lstatSync(path.join(root, childRel));
      const user = users.get(st.uid) ?? String(st.uid);
      const group = groups.get(st.gid) ?? String(st.gid);
      if (st.isDirectory()) {
        out.push({ kind: 'd', path: childRel, mode: st.mode & 0o7777, user, group });
        walk(childRel);
      } else if (st.isSymbolicLink()) {
        out.push({ kind: 'L', path: childRel, target: readlinkSync(path.join(root, childRel)) });
      } else if (st.isFile()) {
        out.push({ kind: 'C', path: childRel });
      }
    }
  };
  if (existsSync(path.join(root, 'var'))) walk('/var');
  return out;
}
