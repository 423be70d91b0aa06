// Extended attributes as OSTree records them: a(ayay), names as NUL-terminated
// byte strings, sorted by name so equal sets always hash equally.

export type Xattrs = Array<[name: string, value: Buffer]>;

/** Sorted copy in OSTree's canonical (strcmp) order. */
export function canonicalXattrs(xattrs: Xattrs): Xattrs {
  if (xattrs.length < 2) return xattrs;
  return [...xattrs].sort((a, b) => Buffer.compare(Buffer.from(a[0], 'latin1'), Buffer.from(b[0], 'latin1')));
}

/** The GVariant value of a(ayay) for already-canonical xattrs. */
export function xattrsToGVariant(xattrs: Xattrs): Array<[Buffer, Buffer]> {
  return xattrs.map(([n, v]) => [Buffer.concat([Buffer.from(n, 'latin1'), NUL]), v]);
}

export function xattrsFromGVariant(v: Array<[Buffer, Buffer]>): Xattrs {
  return v.map(([n, val]) => [n.subarray(0, n.length && n[n.length - 1] === 0 ? n.length - 1 : n.length).toString('latin1'), val]);
}

const NUL = Buffer.alloc(1);

export function xattrsEqual(a: Xattrs, b: Xattrs): boolean {
  if (a.length !== b.length) return false;
  const ca = canonicalXattrs(a);
  const cb = canonicalXattrs(b);
  return ca.every(([n, v], i) => n === cb[i][0] && v.equals(cb[i][1]));
}
