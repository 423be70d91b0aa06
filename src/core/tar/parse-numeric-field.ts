// Numeric header fields come in two encodings: NUL/space-terminated octal text
// (every ustar writer) and GNU base-256, flagged by the high bit of the first
// byte, which GNU tar and libarchive use when a uid or size outgrows the octal
// digits (an 8-byte uid field holds at most 2097151, a size field at most 8 GiB-1).

/** Returns the field's value, or null when it is neither valid octal nor base-256. */
export function parseNumericField(field: Buffer): number | null {
  if (field.length === 0) return 0;
  const first = field[0];
  if (first & 0x80) return parseBase256(field);
  let i = 0;
  // Some writers right-align with leading spaces or NULs.
  while (i < field.length && (field[i] === 0x20 || field[i] === 0)) i++;
  let value = 0;
  let digits = 0;
  for (; i < field.length; i++) {
    const c = field[i];
    if (c >= 0x30 && c <= 0x37) {
      value = value * 8 + (c - 0x30);
      digits++;
    } else if (c === 0x20 || c === 0) {
      break;
    } else {
      return null;
    }
  }
  // Only terminators may follow the digits.
  for (; i < field.length; i++) if (field[i] !== 0x20 && field[i] !== 0) return null;
  return digits === 0 ? 0 : value;
}

function parseBase256(field: Buffer): number {
  // Two's complement, big endian: 0x80 marks a positive number, 0xff a negative one.
  const negative = (field[0] & 0x40) !== 0;
  let value = negative ? (field[0] & 0x7f) - 0x80 : field[0] & 0x7f;
  for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
  return value;
}
