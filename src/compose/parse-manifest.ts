// Pure manifest parsing: YAML text -> validated Manifest, or one
// ERR_OSSIFY_MANIFEST error whose message lists every problem as
// `file:line:col: field: message`, positions taken from the YAML CST.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { OssifyError } from '../core/errors.js';
import { manifestSchema, type Manifest } from './manifest-schema.js';

export interface ManifestProblem {
  line: number;
  col: number;
  field: string;
  message: string;
}

/** `base.mirror`, `packages[2]`: the way users spell a field. */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

function nodeAt(doc: Document, path: ReadonlyArray<PropertyKey>): { node: Node | null; depth: number } {
  let node: unknown = doc.contents;
  let depth = 0;
  for (const key of path) {
    if (isMap(node) || isSeq(node)) {
      const next = node.get(key as string | number, true) as unknown;
      if (next === undefined) break;
      node = next;
      depth++;
    } else break;
  }
  return { node: (node as Node | null) ?? null, depth };
}

function keyNode(doc: Document, path: ReadonlyArray<PropertyKey>, key: string): Node | null {
  const { node } = nodeAt(doc, path);
  if (!isMap(node)) return null;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key) return item.key;
  }
  return null;
}

function position(lc: LineCounter, node: Node | null): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  return lc.linePos(offset);
}

export function parseManifest(text: string, file = 'manifest.yaml'): Manifest {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: ManifestProblem[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    problems.push({ line: pos.line, col: pos.col, field: '(yaml)', message: e.message.split('\n')[0] });
  }
  if (problems.length === 0) {
    const result = manifestSchema.safeParse(doc.toJS() ?? {});
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const pos = position(lc, keyNode(doc, issue.path, key) ?? nodeAt(doc, issue.path).node);
          problems.push({ ...pos, field: fieldName([...issue.path, key]), message: 'unknown field' });
        }
        continue;
      }
      const { node, depth } = nodeAt(doc, issue.path);
      const missing = depth < issue.path.length;
      problems.push({
        ...position(lc, node),
        field: fieldName(issue.path),
        message: missing && issue.code === 'invalid_type' ? 'required field is missing' : issue.message,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  const lines = problems.map((p) => `${file}:${p.line}:${p.col}: ${p.field}: ${p.message}`);
  throw new OssifyError('ERR_OSSIFY_MANIFEST', `invalid manifest\n${lines.join('\n')}`, {
    subject: file,
    hint: 'fix the fields listed above; `ossify compose schema` prints every field the manifest accepts',
  });
}
