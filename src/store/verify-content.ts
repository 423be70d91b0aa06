// Verifying one content object: recompute its checksum from the stored bytes and
// metadata (inflating archive objects) and say whether it is intact, corrupted
// or truncated. Runs in the content workers during fsck.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { fileHeaderBytes } from '../core/ostree/index.js';
import { hashFileInto } from '../fs/hash-file.js';
import { isSymlinkMeta, readContentInfo } from './content-reader.js';
import type { Repo } from './repo.js';

const CHUNK = 1024 * 1024;

export interface ContentVerdict {
  bytes: number;
  issue?: 'corrupted' | 'truncated';
  detail: string;
}

export async function verifyContent(repo: Repo, checksum: string): Promise<ContentVerdict> {
  const info = readContentInfo(repo, checksum);
  const hash = createHash('sha256').update(fileHeaderBytes(info.meta));
  let n = 0;
  if (isSymlinkMeta(info.meta)) {
    // target is in the header already
  } else if (repo.mode === 'bare') {
    n = hashFileInto(hash, info.path);
  } else {
    const inflate = createInflateRaw();
    try {
      const stream = createReadStream(info.path, { start: info.bodyOffset, highWaterMark: CHUNK }).pipe(inflate);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        n += chunk.length;
      }
    } catch (err) {
      return { bytes: n, issue: 'truncated', detail: `compressed body unreadable: ${(err as Error).message}` };
    }
    if (n < info.size) return { bytes: n, issue: 'truncated', detail: `${n} of ${info.size} bytes` };
    // zlib stops at the end of the deflate stream; bytes after it mean the object was altered
    const stored = statSync(info.path).size - info.bodyOffset;
    if (inflate.bytesWritten !== stored) {
      return { bytes: n, issue: 'corrupted', detail: `${stored - inflate.bytesWritten} stray bytes after the compressed body` };
    }
  }
  const actual = hash.digest('hex');
  if (actual !== checksum) return { bytes: n, issue: 'corrupted', detail: `content hashes to ${actual}` };
  return { bytes: n, detail: '' };
}

