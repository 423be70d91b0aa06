// Conversions between plain JS values and the typed variants of commit metadata.
import type { Variant } from '../gvariant/index.js';

/** string -> s, boolean -> b, bigint -> t, integer -> i, other number -> d, string[] -> as, Buffer -> ay. */
export function toVariant(value: unknown): Variant {
  if (isVariant(value)) return value;
  if (typeof value === 'string') return { type: 's', value };
  if (typeof value === 'boolean') return { type: 'b', value };
  if (typeof value === 'bigint') return { type: 't', value };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return { type: 'i', value };
    return { type: 'd', value };
  }
  if (Buffer.isBuffer(value)) return { type: 'ay', value };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { type: 'as', value };
  throw new TypeError(`cannot store ${typeof value} as commit metadata without an explicit { type, value }`);
}

export function isVariant(v: unknown): v is Variant {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && 'type' in v && 'value' in v;
}

/** A JSON-friendly view: bigints that fit become numbers, byte arrays hex, nested variants unwrapped. */
export function variantToJson(v: Variant): unknown {
  return plain(v.value);
}

function plain(x: unknown): unknown {
  if (typeof x === 'bigint') return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
  if (Buffer.isBuffer(x)) return x.toString('hex');
  if (Array.isArray(x)) return x.map(plain);
  if (isVariant(x)) return plain(x.value);
  return x;
}

export function metadataToJson(m: Array<[string, Variant]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) out[k] = variantToJson(v);
  return out;
}
