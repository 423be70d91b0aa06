// Ref names as OSTree accepts them: slash-separated fragments of [A-Za-z0-9_.-]
// that start with a letter, digit or underscore, optionally behind "remote:".
import { OssifyError } from '../errors.js';

const FRAGMENT = '[A-Za-z0-9_][-._A-Za-z0-9]*';
const REF = new RegExp(`^(?:${FRAGMENT}/)*${FRAGMENT}$`);
const REMOTE = /^[A-Za-z0-9_][-._A-Za-z0-9]*$/;

export function isValidRef(ref: string): boolean {
  return REF.test(ref);
}

export interface ParsedRef {
  remote: string | null;
  ref: string;
}

/** Validates `[remote:]ref`, throwing ERR_OSSIFY_INVALID_REF with the offending text. */
export function parseRefspec(spec: string): ParsedRef {
  const colon = spec.indexOf(':');
  const remote = colon >= 0 ? spec.slice(0, colon) : null;
  const ref = colon >= 0 ? spec.slice(colon + 1) : spec;
  if ((remote !== null && !REMOTE.test(remote)) || !REF.test(ref)) {
    throw new OssifyError('ERR_OSSIFY_INVALID_REF', `invalid ref name "${spec}"`, {
      hint: 'refs are slash-separated parts of letters, digits, "_", "-" and ".", e.g. "os/x86_64/stable"',
      subject: spec,
    });
  }
  return { remote, ref };
}
