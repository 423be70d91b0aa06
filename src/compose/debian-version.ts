// Debian version ordering, exactly as dpkg's verrevcmp() orders versions
// ([epoch:]upstream[-revision]): tested against `dpkg --compare-versions`.

interface ParsedVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

function parseVersion(version: string): ParsedVersion {
  const v = version.trim();
  const colon = v.indexOf(':');
  const epoch = colon > 0 ? Number.parseInt(v.slice(0, colon), 10) : 0;
  const rest = colon > 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? {
        epoch: Number.isNaN(epoch) ? 0 : epoch,
        upstream: rest.slice(0, dash),
        revision: rest.slice(dash + 1),
      }
    : { epoch: Number.isNaN(epoch) ? 0 : epoch, upstream: rest, revision: '' };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

// '~' sorts before everything, even the end of the string; letters sort before
// non-letters; the end of a non-digit run sorts as 0.
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -1;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Compares two Debian versions: negative if a < b, 0 if equal, positive if a > b. */
export function compareDebianVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (pa.epoch !== pb.epoch) return pa.epoch > pb.epoch ? 1 : -1;
  const u = verrevcmp(pa.upstream, pb.upstream);
  if (u !== 0) return Math.sign(u);
  return Math.sign(verrevcmp(pa.revision, pb.revision));
}
