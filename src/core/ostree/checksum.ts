// OSTree object names: 64 hex digits of SHA-256, stored as 32 raw bytes inside
// metadata and spread as objects/XX/REST.EXT on disk.
import { OssifyError } from '../errors.js';

export type ObjectType = 'file' | 'dirtree' | 'dirmeta' | 'commit' | 'commitmeta';

export const METADATA_TYPES: readonly ObjectType[] = ['dirtree', 'dirmeta', 'commit', 'commitmeta'];

const HEX64 = /^[0-9a-f]{64}$/;

export function isChecksum(s: string): boolean {
  return HEX64.test(s);
}

export function assertChecksum(s: string, what = 'checksum'): string {
  if (!isChecksum(s)) {
    throw new OssifyError('ERR_OSSIFY_INVALID_CHECKSUM', `invalid ${what} "${s}"`, {
      hint: 'a checksum is 64 lowercase hexadecimal digits (SHA-256)',
      subject: s,
    });
  }
  return s;
}

export function checksumToBytes(hex: string): Buffer {
  return Buffer.from(assertChecksum(hex), 'hex');
}

export function bytesToChecksum(b: Buffer | Uint8Array): string {
  if (b.length !== 32) {
    throw new OssifyError('ERR_OSSIFY_INVALID_GVARIANT', `checksum field of ${b.length} bytes, expected 32`, {
      hint: 'the object is corrupted; run "ossify repo fsck"',
    });
  }
  return Buffer.from(b).toString('hex');
}

/** File name extension of an object in a repository of the given mode. */
export function objectExtension(type: ObjectType, archive: boolean): string {
  if (type === 'file') return archive ? 'filez' : 'file';
  return type;
}

/** objects/XX/REST.EXT, relative to the repository root. */
export function objectRelPath(checksum: string, type: ObjectType, archive: boolean): string {
  return `objects/${checksum.slice(0, 2)}/${checksum.slice(2)}.${objectExtension(type, archive)}`;
}

/** Object types by extension, for walking objects/. */
export function objectTypeFromExtension(ext: string): ObjectType | undefined {
  switch (ext) {
    case 'file':
    case 'filez':
      return 'file';
    case 'dirtree':
    case 'dirmeta':
    case 'commit':
    case 'commitmeta':
      return ext;
    default:
      return undefined;
  }
}
