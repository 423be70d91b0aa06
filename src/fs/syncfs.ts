// One syncfs(2) per transaction makes everything written so far durable at the
// cost of a single flush, instead of an fsync per file (about 200,000 fewer
// flushes for a 200,000-file commit).
import { closeSync, openSync } from 'node:fs';
import { sys } from './native.js';

export function syncFilesystem(anyPathOnIt: string): void {
  const fd = openSync(anyPathOnIt, 'r');
  try {
    sys.syncfs(fd);
  } finally {
    closeSync(fd);
  }
}
