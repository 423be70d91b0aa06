// The /etc three-way merge as a pure plan. For each path, from the old defaults
// (old /usr/etc), the current /etc and the new defaults (new /usr/etc):
//   unchanged locally      -> the new default (a deletion included)
//   changed only locally   -> stays
//   changed on both sides  -> contents merge line by line when all are text; a
//                             conflict (or any clash of types) keeps the local
//                             entry and writes the new default as NAME.ossify-new
// Metadata (mode, owner, xattrs) merges field by field. OSTree instead keeps the
// local file and drops upstream changes silently; this is the fix.
import {
  comparePaths,
  contentEqual,
  entryEqual,
  mergeMeta,
  parentOf,
  type EtcEntry,
  type EtcMeta,
  type EtcSnapshot,
} from './etc-entry.js';

export type EtcChange = 'none' | 'upstream' | 'local' | 'both';

export interface EtcAction {
  path: string;
  /** Where the merged entry comes from; 'merge-text' means diff3 of the three contents. */
  result: 'local' | 'new' | 'absent' | 'merge-text';
  /** Metadata to apply when it differs from the source entry's own. */
  meta?: EtcMeta;
  change: EtcChange;
  /** Why the local entry was kept although upstream changed it. */
  conflict?: string;
  /** Write the new default beside the kept entry as NAME.ossify-new. */
  writeNew?: boolean;
}

export const NEW_SUFFIX = '.ossify-new';

function classify(o?: EtcEntry, l?: EtcEntry, n?: EtcEntry): EtcChange {
  const local = !entryEqual(l, o);
  const upstream = !entryEqual(n, o);
  return local && upstream ? 'both' : local ? 'local' : upstream ? 'upstream' : 'none';
}

function decide(path: string, o?: EtcEntry, l?: EtcEntry, n?: EtcEntry): EtcAction {
  const change = classify(o, l, n);
  if (entryEqual(l, o)) return { path, result: n ? 'new' : 'absent', change };
  if (entryEqual(n, o) || entryEqual(l, n)) return { path, result: l ? 'local' : 'absent', change };
  if (!l)
    return { path, result: 'absent', change, conflict: 'deleted locally, changed upstream', writeNew: !!n };
  if (!n) return { path, result: 'local', change, conflict: 'changed locally, deleted upstream' };
  if (l.type !== n.type || (o && o.type !== l.type)) {
    return {
      path,
      result: 'local',
      change,
      conflict: `type changed (${l.type} here, ${n.type} upstream)`,
      writeNew: true,
    };
  }
  const meta = l.type === 'symlink' ? undefined : mergeMeta(o, l, n);
  if (o && contentEqual(l, o)) return { path, result: 'new', change, meta };
  if (contentEqual(n, o) || contentEqual(l, n)) return { path, result: 'local', change, meta };
  if (l.type === 'file' && l.text && n.text && (!o || o.text))
    return { path, result: 'merge-text', change, meta };
  return { path, result: 'local', change, meta, conflict: `${l.type} changed on both sides`, writeNew: true };
}

function resultType(a: EtcAction, l?: EtcEntry, n?: EtcEntry): string | null {
  if (a.result === 'local') return l?.type ?? null;
  if (a.result === 'new') return n?.type ?? null;
  if (a.result === 'merge-text') return 'file';
  return null;
}

export function planEtcMerge(
  oldDefaults: EtcSnapshot,
  current: EtcSnapshot,
  newDefaults: EtcSnapshot,
): EtcAction[] {
  const paths = [...new Set([...oldDefaults.keys(), ...current.keys(), ...newDefaults.keys()])].sort(
    comparePaths,
  );
  const actions = new Map<string, EtcAction>();
  for (const p of paths) actions.set(p, decide(p, oldDefaults.get(p), current.get(p), newDefaults.get(p)));

  // Replacing a local directory (by upstream's file, symlink or deletion) must not
  // throw away local changes below it: keep the directory and call it a conflict.
  const locallyChanged = paths.filter((p) => !entryEqual(current.get(p), oldDefaults.get(p)));
  for (const p of paths) {
    const a = actions.get(p)!;
    const l = current.get(p);
    if (l?.type !== 'dir' || a.result === 'local' || a.result === 'merge-text') continue;
    if (newDefaults.get(p)?.type === 'dir' && a.result === 'new') continue;
    if (locallyChanged.some((q) => q.startsWith(p + '/'))) {
      const n = newDefaults.get(p);
      actions.set(p, {
        ...a,
        result: 'local',
        meta: undefined,
        change: 'both',
        conflict: 'local changes inside a directory upstream replaced',
        writeNew: !!n,
      });
    }
  }

  // Top-down: a child exists only under a directory; under a directory kept
  // against upstream's wishes, the local children stay as they are.
  const kind = new Map<string, string | null>();
  const forcedLocal = new Set<string>();
  for (const p of paths) {
    let a = actions.get(p)!;
    const parent = parentOf(p);
    const l = current.get(p);
    if (parent !== null) {
      if (forcedLocal.has(parent)) {
        a = { path: p, result: l ? 'local' : 'absent', change: a.change };
        if (l?.type === 'dir') forcedLocal.add(p);
      } else if (kind.get(parent) !== 'dir') {
        a = { path: p, result: 'absent', change: a.change };
      }
    }
    if (a.result === 'local' && l?.type === 'dir' && newDefaults.get(p)?.type !== 'dir') forcedLocal.add(p);
    kind.set(p, resultType(a, l, newDefaults.get(p)));
    actions.set(p, a);
  }
  return paths.map((p) => actions.get(p)!);
}

/** Paths that conflicted: reported by deploy and recorded for status. */
export function etcConflictPaths(actions: EtcAction[]): string[] {
  return actions.filter((a) => a.conflict !== undefined).map((a) => a.path);
}
