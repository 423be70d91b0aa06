// GVariant serialisation in normal form (little-endian, as GLib writes it on x86
// and as OSTree hashes it). Values map to JS as: y/n/q/i/u/h/d -> number,
// x/t -> bigint, b -> boolean, s/o/g -> string, ay -> Buffer, arrays and tuples ->
// arrays, dict entries -> [key, value], v -> { type, value }, maybe -> value | null.
import { OssifyError } from '../errors.js';
import { alignTo, parseType, type GVType } from './type.js';

export interface Variant {
  type: string;
  value: unknown;
}

export function serialize(signature: string, value: unknown): Buffer {
  return encode(parseType(signature), value);
}

function encode(t: GVType, v: unknown): Buffer {
  switch (t.kind) {
    case 'basic':
      return encodeBasic(t.code, v);
    case 'variant':
      return encodeVariant(v);
    case 'maybe':
      if (v === null || v === undefined) return Buffer.alloc(0);
      return t.elem.fixed !== null ? encode(t.elem, v) : Buffer.concat([encode(t.elem, v), ZERO]);
    case 'array':
      return encodeArray(t.elem, v);
    case 'tuple':
    case 'dict':
      return encodeStruct(t.members, t.fixed, t.align, v);
  }
}

const ZERO = Buffer.alloc(1);

function encodeBasic(code: string, v: unknown): Buffer {
  let b: Buffer;
  switch (code) {
    case 'y':
      b = Buffer.alloc(1);
      b.writeUInt8(expectNumber(v, code));
      return b;
    case 'b':
      return Buffer.from([v ? 1 : 0]);
    case 'n':
      b = Buffer.alloc(2);
      b.writeInt16LE(expectNumber(v, code));
      return b;
    case 'q':
      b = Buffer.alloc(2);
      b.writeUInt16LE(expectNumber(v, code));
      return b;
    case 'i':
    case 'h':
      b = Buffer.alloc(4);
      b.writeInt32LE(expectNumber(v, code));
      return b;
    case 'u':
      b = Buffer.alloc(4);
      b.writeUInt32LE(expectNumber(v, code));
      return b;
    case 'x':
      b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(v as bigint));
      return b;
    case 't':
      b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(v as bigint));
      return b;
    case 'd':
      b = Buffer.alloc(8);
      b.writeDoubleLE(expectNumber(v, code));
      return b;
    default: {
      if (typeof v !== 'string') throw new TypeError(`GVariant ${code} needs a string, got ${typeof v}`);
      const s = Buffer.from(v, 'utf8');
      if (s.includes(0)) throw new TypeError('GVariant strings cannot contain NUL');
      return Buffer.concat([s, ZERO]);
    }
  }
}

function expectNumber(v: unknown, code: string): number {
  if (typeof v !== 'number') throw new TypeError(`GVariant ${code} needs a number, got ${typeof v}`);
  return v;
}

function encodeVariant(v: unknown): Buffer {
  const { type, value } = v as Variant;
  if (typeof type !== 'string') throw new TypeError('a GVariant v needs { type, value }');
  return Buffer.concat([encode(parseType(type), value), ZERO, Buffer.from(type, 'ascii')]);
}

function encodeArray(elem: GVType, v: unknown): Buffer {
  if (elem.kind === 'basic' && elem.code === 'y') {
    if (!Buffer.isBuffer(v) && !(v instanceof Uint8Array)) throw new TypeError('GVariant ay needs a Buffer');
    return Buffer.from(v);
  }
  if (!Array.isArray(v)) throw new TypeError('GVariant array needs an array');
  if (v.length === 0) return Buffer.alloc(0);
  if (elem.fixed !== null) return Buffer.concat(v.map((e) => encode(elem, e)));
  const parts: Buffer[] = [];
  const ends: number[] = [];
  let pos = 0;
  for (const e of v) {
    const pad = alignTo(pos, elem.align) - pos;
    if (pad) parts.push(Buffer.alloc(pad));
    const enc = encode(elem, e);
    parts.push(enc);
    pos += pad + enc.length;
    ends.push(pos);
  }
  return appendOffsets(parts, pos, ends);
}

function encodeStruct(members: GVType[], fixed: number | null, align: number, v: unknown): Buffer {
  if (!Array.isArray(v) || v.length !== members.length) {
    throw new TypeError(`GVariant tuple needs an array of ${members.length} values`);
  }
  const parts: Buffer[] = [];
  const ends: number[] = [];
  let pos = 0;
  members.forEach((m, i) => {
    const pad = alignTo(pos, m.align) - pos;
    if (pad) parts.push(Buffer.alloc(pad));
    const enc = encode(m, v[i]);
    parts.push(enc);
    pos += pad + enc.length;
    if (m.fixed === null && i !== members.length - 1) ends.push(pos);
  });
  if (fixed !== null) {
    const total = fixed;
    if (total > pos) parts.push(Buffer.alloc(total - pos));
    return Buffer.concat(parts);
  }
  void align;
  // Framing offsets of a struct are stored in reverse order at its end.
  return appendOffsets(parts, pos, ends.reverse());
}

/** Size of each framing offset for a container whose body is `body` bytes with `n` offsets. */
export function offsetSizeFor(body: number, n: number): number {
  if (n === 0) return 0;
  if (body + n <= 0xff) return 1;
  if (body + 2 * n <= 0xffff) return 2;
  if (body + 4 * n <= 0xffffffff) return 4;
  return 8;
}

function appendOffsets(parts: Buffer[], body: number, ends: number[]): Buffer {
  const size = offsetSizeFor(body, ends.length);
  const table = Buffer.alloc(size * ends.length);
  ends.forEach((end, i) => writeOffset(table, i * size, size, end));
  parts.push(table);
  return Buffer.concat(parts, body + table.length);
}

function writeOffset(buf: Buffer, at: number, size: number, value: number): void {
  if (size === 1) buf.writeUInt8(value, at);
  else if (size === 2) buf.writeUInt16LE(value, at);
  else if (size === 4) buf.writeUInt32LE(value, at);
  else buf.writeBigUInt64LE(BigInt(value), at);
}

export function gvariantError(what: string): OssifyError {
  return new OssifyError('ERR_OSSIFY_INVALID_GVARIANT', `malformed GVariant data: ${what}`, {
    hint: 'the object is corrupted; run "ossify repo fsck" to list damaged objects',
  });
}
