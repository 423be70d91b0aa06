// Builds pax extended header data. The length prefix counts its own digits, so it
// is found by iterating: adding a digit to the count may itself add a digit.
export function encodePaxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.byteLength(key, 'utf8') + value.length + 3; // ' ', '=', '\n'
  let digits = String(body).length;
  if (String(body + digits).length > digits) digits++;
  const len = body + digits;
  const head = Buffer.from(`${len} ${key}=`, 'utf8');
  return Buffer.concat([head, value, Buffer.from('\n')]);
}

export function encodePax(records: Array<[string, Buffer]>): Buffer {
  return Buffer.concat(records.map(([key, value]) => encodePaxRecord(key, value)));
}
