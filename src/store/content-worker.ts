// A content worker: a thread that reads, hashes and stages content objects for
// a commit, so that the main thread only walks directories and writes dirtrees.
// Messages: { id, jobs } with jobs { path } (read from disk) or { checksum, meta,
// content } (bytes already in hand, e.g. from a tarball); the reply carries one
// result per job, or the first error in a serialisable form.
import { parentPort, workerData } from 'node:worker_threads';
import type { FileMeta } from '../core/ostree/index.js';
import { isOssifyError } from '../core/errors.js';
import { storePath, writeContentObject, type ObjectSink, type PathResult } from './object-sink.js';
import { verifyContent, type ContentVerdict } from './verify-content.js';
import type { Repo } from './repo.js';

export interface WorkerSetup {
  repoPath: string;
  archive: boolean;
  zlibLevel: number;
  dir: string;
}

export type WorkerJob =
  | { path: string | Uint8Array }
  | { checksum: string; meta: FileMeta; content: Uint8Array }
  | { verify: string };

export type WorkerResult = PathResult | { written: number } | { verdict: ContentVerdict } | { missing: true };

export interface WorkerReply {
  id: number;
  results?: WorkerResult[];
  /** Prefix directories this batch created in staging. */
  prefixes?: string[];
  error?: { message: string; code?: string; hint?: string; subject?: string; name?: string };
}

/** A Set that remembers nothing. */
const NO_SET: Set<string> = Object.assign(new Set<string>(), { add: () => NO_SET });

const setup = workerData as WorkerSetup;
// No per-object set of what was staged: it would grow with the tree. A duplicate
// is found by the existence check or, racing another worker, by EEXIST.
const sink: ObjectSink = { ...setup, staged: NO_SET, prefixes: new Set() };
const repo: Repo = { path: setup.repoPath, mode: setup.archive ? 'archive' : 'bare', zlibLevel: setup.zlibLevel };

function revive(meta: FileMeta): FileMeta {
  return {
    ...meta,
    symlinkTarget: Buffer.from(meta.symlinkTarget),
    xattrs: meta.xattrs.map(([n, v]) => [n, Buffer.from(v)]),
  };
}

async function handle(jobs: WorkerJob[]): Promise<WorkerResult[]> {
  const out: WorkerResult[] = [];
  for (const job of jobs) {
    if ('verify' in job) {
      try {
        out.push({ verdict: await verifyContent(repo, job.verify) });
      } catch (err) {
        if (isOssifyError(err, 'ERR_OSSIFY_OBJECT_MISSING')) out.push({ missing: true });
        else out.push({ verdict: { bytes: 0, issue: 'corrupted', detail: (err as Error).message } });
      }
    } else if ('path' in job) {
      const p = typeof job.path === 'string' ? job.path : Buffer.from(job.path);
      out.push(await storePath(sink, p));
    } else {
      const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
      out.push({ written: writeContentObject(sink, job.checksum, revive(job.meta), content) });
    }
  }
  return out;
}

// One batch at a time, in order: replies match requests by id.
let chain = Promise.resolve();
parentPort!.on('message', (msg: { id: number; jobs: WorkerJob[] }) => {
  chain = chain.then(async () => {
    const before = new Set(sink.prefixes);
    try {
      const results = await handle(msg.jobs);
      const prefixes = [...sink.prefixes].filter((p) => !before.has(p));
      parentPort!.postMessage({ id: msg.id, results, prefixes } satisfies WorkerReply);
    } catch (err) {
      const e = err as Error & { code?: string; hint?: string; subject?: string };
      parentPort!.postMessage({
        id: msg.id,
        error: { message: e.message, code: e.code, hint: e.hint, subject: e.subject, name: e.name },
      } satisfies WorkerReply);
    }
  });
});
