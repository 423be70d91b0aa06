// Package-level difference between two composed commits, from their
// `ossify.packages` metadata. Pure; `ossify repo diff --packages A B` renders it.
import { compareDebianVersions } from './debian-version.js';
import type { PackageEntry } from './package-entry.js';

export interface PackageChange {
  name: string;
  arch: string;
  from: string;
  to: string;
}

export interface PackageDiff {
  added: PackageEntry[];
  removed: PackageEntry[];
  upgraded: PackageChange[];
  downgraded: PackageChange[];
}

const keyOf = (p: { name: string; arch: string }): string => `${p.name}:${p.arch}`;

export function diffPackages(a: PackageEntry[], b: PackageEntry[]): PackageDiff {
  const before = new Map(a.map((p) => [keyOf(p), p]));
  const after = new Map(b.map((p) => [keyOf(p), p]));
  const diff: PackageDiff = { added: [], removed: [], upgraded: [], downgraded: [] };
  for (const [key, p] of after) {
    const old = before.get(key);
    if (!old) {
      diff.added.push(p);
      continue;
    }
    const cmp = compareDebianVersions(old.version, p.version);
    const change = { name: p.name, arch: p.arch, from: old.version, to: p.version };
    if (cmp < 0) diff.upgraded.push(change);
    else if (cmp > 0) diff.downgraded.push(change);
  }
  for (const [key, p] of before) if (!after.has(key)) diff.removed.push(p);
  const byName = (x: { name: string; arch: string }, y: { name: string; arch: string }): number =>
    keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0;
  diff.added.sort(byName);
  diff.removed.sort(byName);
  diff.upgraded.sort(byName);
  diff.downgraded.sort(byName);
  return diff;
}

/** Text form: one line per change, `+ name version`, `- name version`, `↑ name from -> to`. */
export function renderPackageDiff(diff: PackageDiff): string {
  const lines: string[] = [];
  for (const p of diff.added) lines.push(`+ ${p.name} ${p.version} (${p.arch})`);
  for (const p of diff.removed) lines.push(`- ${p.name} ${p.version} (${p.arch})`);
  for (const c of diff.upgraded) lines.push(`^ ${c.name} ${c.from} -> ${c.to}`);
  for (const c of diff.downgraded) lines.push(`v ${c.name} ${c.from} -> ${c.to}`);
  if (lines.length === 0) lines.push('no package changes');
  return lines.join('\n');
}

/** Decodes commit metadata `ossify.packages` (a(sss) as decoded by the store). */
export function packagesFromMetadata(value: unknown): PackageEntry[] {
  if (!Array.isArray(value)) return [];
  const out: PackageEntry[] = [];
  for (const row of value) {
    if (Array.isArray(row) && row.length === 3 && row.every((x) => typeof x === 'string')) {
      out.push({ name: row[0] as string, version: row[1] as string, arch: row[2] as string });
    }
  }
  return out;
}
