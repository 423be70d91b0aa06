// Commit objects: (a{sv}aya(say)sstayay) — metadata, parent, related objects,
// subject, body, timestamp (big-endian seconds), root dirtree and root dirmeta.
import { deserialize, serialize, type Variant } from '../gvariant/index.js';
import { bytesToChecksum, checksumToBytes } from './checksum.js';
import { bswap64 } from './file-header.js';

export type Metadata = Array<[key: string, value: Variant]>;

export interface Commit {
  metadata: Metadata;
  parent: string | null;
  subject: string;
  body: string;
  /** Seconds since the epoch, UTC. */
  timestamp: number;
  rootTree: string;
  rootMeta: string;
}

export function serializeCommit(c: Commit): Buffer {
  return serialize('(a{sv}aya(say)sstayay)', [
    c.metadata,
    c.parent ? checksumToBytes(c.parent) : Buffer.alloc(0),
    [],
    c.subject,
    c.body,
    bswap64(BigInt(c.timestamp)),
    checksumToBytes(c.rootTree),
    checksumToBytes(c.rootMeta),
  ]);
}

export function parseCommit(data: Buffer): Commit {
  const [metadata, parent, , subject, body, ts, rootTree, rootMeta] = deserialize(
    '(a{sv}aya(say)sstayay)',
    data,
  ) as [Metadata, Buffer, unknown, string, string, bigint, Buffer, Buffer];
  return {
    metadata,
    parent: parent.length === 0 ? null : bytesToChecksum(parent),
    subject,
    body,
    timestamp: Number(bswap64(ts)),
    rootTree: bytesToChecksum(rootTree),
    rootMeta: bytesToChecksum(rootMeta),
  };
}

/** Detached metadata (.commitmeta): a plain a{sv}, where signatures live. */
export function serializeDetachedMetadata(m: Metadata): Buffer {
  return serialize('a{sv}', m);
}

export function parseDetachedMetadata(data: Buffer): Metadata {
  return deserialize('a{sv}', data) as Metadata;
}
