// A commit as callers want it: checksums as hex, time as a Date, metadata as
// plain JSON values (and the typed variants for those who need them).
import { metadataToJson, type Metadata } from '../core/ostree/index.js';
import { loadCommit } from './objects.js';
import type { Repo } from './repo.js';

export interface CommitInfo {
  checksum: string;
  parent: string | null;
  subject: string;
  body: string;
  timestamp: Date;
  rootTree: string;
  rootMeta: string;
  metadata: Record<string, unknown>;
  /** The typed a{sv} as stored, in order. */
  metadataVariants: Metadata;
}

export function readCommit(repo: Repo, checksum: string): CommitInfo {
  const c = loadCommit(repo, checksum);
  return {
    checksum,
    parent: c.parent,
    subject: c.subject,
    body: c.body,
    timestamp: new Date(c.timestamp * 1000),
    rootTree: c.rootTree,
    rootMeta: c.rootMeta,
    metadata: metadataToJson(c.metadata),
    metadataVariants: c.metadata,
  };
}
