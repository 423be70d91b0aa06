// GVariant deserialisation. Strict: data that is not in normal form where it
// matters (offsets out of bounds, missing NUL terminators, bad sizes) is an
// ERR_OSSIFY_INVALID_GVARIANT error, because it comes from disk or the network.
import { alignTo, parseType, type GVType } from './type.js';
import { gvariantError } from './serialize.js';

export function deserialize(signature: string, data: Buffer): unknown {
  return decode(parseType(signature), data);
}

function decode(t: GVType, b: Buffer): unknown {
  switch (t.kind) {
    case 'basic':
      return decodeBasic(t.code, t.fixed, b);
    case 'variant':
      return decodeVariant(b);
    case 'maybe':
      if (b.length === 0) return null;
      return t.elem.fixed !== null ? decode(t.elem, b) : decode(t.elem, b.subarray(0, b.length - 1));
    case 'array':
      return decodeArray(t.elem, b);
    case 'tuple':
    case 'dict':
      return decodeStruct(t.members, t.fixed, b);
  }
}

function decodeBasic(code: string, fixed: number | null, b: Buffer): unknown {
  if (fixed !== null && b.length !== fixed) throw gvariantError(`"${code}" of ${b.length} bytes`);
  switch (code) {
    case 'y':
      return b.readUInt8(0);
    case 'b':
      return b[0] !== 0;
    case 'n':
      return b.readInt16LE(0);
    case 'q':
      return b.readUInt16LE(0);
    case 'i':
    case 'h':
      return b.readInt32LE(0);
    case 'u':
      return b.readUInt32LE(0);
    case 'x':
      return b.readBigInt64LE(0);
    case 't':
      return b.readBigUInt64LE(0);
    case 'd':
      return b.readDoubleLE(0);
    default:
      if (b.length === 0 || b[b.length - 1] !== 0) throw gvariantError('string without NUL terminator');
      return b.toString('utf8', 0, b.length - 1);
  }
}

function decodeVariant(b: Buffer): unknown {
  const sep = b.lastIndexOf(0);
  if (sep < 0) throw gvariantError('variant without type');
  const type = b.toString('ascii', sep + 1);
  return { type, value: decode(parseType(type), b.subarray(0, sep)) };
}

export function offsetSizeOf(total: number): number {
  if (total > 0xffffffff) return 8;
  if (total > 0xffff) return 4;
  if (total > 0xff) return 2;
  if (total > 0) return 1;
  return 0;
}

function readOffset(b: Buffer, at: number, size: number): number {
  if (at < 0 || at + size > b.length) throw gvariantError('framing offset out of bounds');
  if (size === 1) return b.readUInt8(at);
  if (size === 2) return b.readUInt16LE(at);
  if (size === 4) return b.readUInt32LE(at);
  return Number(b.readBigUInt64LE(at));
}

function decodeArray(elem: GVType, b: Buffer): unknown {
  if (elem.kind === 'basic' && elem.code === 'y') return Buffer.from(b);
  if (b.length === 0) return [];
  if (elem.fixed !== null) {
    if (b.length % elem.fixed !== 0) throw gvariantError('array size not a multiple of its element');
    const out: unknown[] = [];
    for (let p = 0; p < b.length; p += elem.fixed) out.push(decode(elem, b.subarray(p, p + elem.fixed)));
    return out;
  }
  const size = offsetSizeOf(b.length);
  const lastEnd = readOffset(b, b.length - size, size);
  if (lastEnd > b.length || (b.length - lastEnd) % size !== 0) throw gvariantError('bad array offsets');
  const n = (b.length - lastEnd) / size;
  const out: unknown[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = readOffset(b, lastEnd + i * size, size);
    start = alignTo(start, elem.align);
    if (end < start || end > lastEnd) throw gvariantError('array element out of bounds');
    out.push(decode(elem, b.subarray(start, end)));
    start = end;
  }
  return out;
}

function decodeStruct(members: GVType[], fixed: number | null, b: Buffer): unknown[] {
  if (fixed !== null && b.length !== fixed) throw gvariantError('fixed-size tuple of wrong size');
  const size = fixed !== null ? 0 : offsetSizeOf(b.length);
  const out: unknown[] = [];
  let pos = 0;
  let used = 0; // framing offsets consumed, counted from the end
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    pos = alignTo(pos, m.align);
    let end: number;
    if (m.fixed !== null) end = pos + m.fixed;
    else if (i === members.length - 1) end = b.length - size * used;
    else {
      used++;
      end = readOffset(b, b.length - size * used, size);
    }
    if (end < pos || end > b.length) throw gvariantError('tuple member out of bounds');
    out.push(decode(m, b.subarray(pos, end)));
    pos = end;
  }
  return out;
}
