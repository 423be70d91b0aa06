// Line-by-line three-way merge of one text file (diff3, as `git merge-file` does).
import { diff3Merge } from 'node-diff3';

export type TextMergeResult = { ok: true; text: string } | { ok: false };

/** Splits keeping each line's newline, so a missing final newline survives the merge. */
function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

export function mergeText(base: string, local: string, upstream: string): TextMergeResult {
  const regions = diff3Merge(lines(local), lines(base), lines(upstream), { excludeFalseConflicts: true });
  let out = '';
  for (const r of regions) {
    if (r.ok) out += r.ok.join('');
    else return { ok: false };
  }
  return { ok: true, text: out };
}
