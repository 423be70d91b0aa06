// GVariant type strings parsed into a tree that knows each type's alignment and
// fixed size, the two facts the serialisation format turns on.
import { OssifyError } from '../errors.js';

export type GVType =
  | { kind: 'basic'; code: string; align: number; fixed: number | null }
  | { kind: 'array'; elem: GVType; align: number; fixed: null }
  | { kind: 'maybe'; elem: GVType; align: number; fixed: null }
  | { kind: 'tuple'; members: GVType[]; align: number; fixed: number | null }
  | { kind: 'dict'; members: [GVType, GVType]; align: number; fixed: number | null }
  | { kind: 'variant'; align: 8; fixed: null };

const BASIC: Record<string, [align: number, fixed: number | null]> = {
  y: [1, 1],
  b: [1, 1],
  n: [2, 2],
  q: [2, 2],
  i: [4, 4],
  u: [4, 4],
  h: [4, 4],
  x: [8, 8],
  t: [8, 8],
  d: [8, 8],
  s: [1, null],
  o: [1, null],
  g: [1, null],
};

const cache = new Map<string, GVType>();

/** Parses one complete GVariant type string, e.g. "(a{sv}aya(say)sstayay)". */
export function parseType(signature: string): GVType {
  const hit = cache.get(signature);
  if (hit) return hit;
  const [type, end] = parseAt(signature, 0);
  if (end !== signature.length) throw badType(signature);
  cache.set(signature, type);
  return type;
}

function parseAt(sig: string, pos: number): [GVType, number] {
  const c = sig[pos];
  if (c === undefined) throw badType(sig);
  const basic = BASIC[c];
  if (basic) return [{ kind: 'basic', code: c, align: basic[0], fixed: basic[1] }, pos + 1];
  if (c === 'v') return [{ kind: 'variant', align: 8, fixed: null }, pos + 1];
  if (c === 'a') {
    const [elem, end] = parseAt(sig, pos + 1);
    return [{ kind: 'array', elem, align: elem.align, fixed: null }, end];
  }
  if (c === 'm') {
    const [elem, end] = parseAt(sig, pos + 1);
    return [{ kind: 'maybe', elem, align: elem.align, fixed: null }, end];
  }
  if (c === '(' || c === '{') {
    const close = c === '(' ? ')' : '}';
    const members: GVType[] = [];
    let p = pos + 1;
    while (sig[p] !== close) {
      if (p >= sig.length) throw badType(sig);
      const [m, end] = parseAt(sig, p);
      members.push(m);
      p = end;
    }
    if (c === '{' && members.length !== 2) throw badType(sig);
    const align = members.reduce((a, m) => Math.max(a, m.align), 1);
    const fixed = structFixedSize(members, align);
    if (c === '{') return [{ kind: 'dict', members: members as [GVType, GVType], align, fixed }, p + 1];
    return [{ kind: 'tuple', members, align, fixed }, p + 1];
  }
  throw badType(sig);
}

function structFixedSize(members: GVType[], align: number): number | null {
  let size = 0;
  for (const m of members) {
    if (m.fixed === null) return null;
    size = alignTo(size, m.align) + m.fixed;
  }
  size = alignTo(size, align);
  return size === 0 ? 1 : size; // the unit type () takes one byte
}

export function alignTo(n: number, align: number): number {
  return (n + align - 1) & ~(align - 1);
}

function badType(sig: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_INVALID_GVARIANT', `invalid GVariant type string "${sig}"`);
}
