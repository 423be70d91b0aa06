// Writes a numeric header field as zero-padded octal with a NUL terminator, the
// form every reader understands, and falls back to GNU base-256 only when the value
// does not fit; the writer also puts such values in a pax record, so a reader that
// ignores base-256 still gets them from pax.

/** The largest value `width` bytes of octal can hold, leaving one byte for the NUL. */
export function maxOctal(width: number): number {
  return 8 ** (width - 1) - 1;
}

export function encodeNumericField(target: Buffer, offset: number, width: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new Error(`tar numeric field needs a safe integer, got ${value}`);
  if (value >= 0 && value <= maxOctal(width)) {
    target.write(value.toString(8).padStart(width - 1, '0'), offset, width - 1, 'latin1');
    target[offset + width - 1] = 0;
    return;
  }
  if (value < 0) throw new Error(`tar numeric field cannot hold negative ${value}; clamp it and use pax`);
  // Base-256: big endian after a marker byte whose bit 6 would mean "negative".
  let rest = value;
  for (let i = width - 1; i >= 1; i--) {
    target[offset + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  if (rest > 0x3f) throw new Error(`tar numeric field of ${width} bytes cannot hold ${value}`);
  target[offset] = 0x80 | rest;
}
