// Worker threads that deflate and write archive-mode content objects. Compression
// is the one CPU-heavy step of an archive commit (zlib level 6 runs at ~40 MB/s
// per core), so it leaves the main thread, which keeps walking and hashing; with
// two cores that roughly halves an archive commit. In-flight work is bounded so
// memory stays flat however large the tree.
import { availableParallelism } from 'node:os';
import { OssifyError } from '../core/errors.js';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const fs = require('node:fs');
parentPort.on('message', (job) => {
  try {
    const body = zlib.deflateRawSync(job.content, { level: job.level });
    const fd = fs.openSync(job.path, 'wx', 0o644);
    try {
      fs.writeSync(fd, job.header);
      fs.writeSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    parentPort.postMessage({ id: job.id, bytes: job.header.length + body.length });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message), code: err && err.code });
  }
});
`;

interface Job {
  id: number;
  path: string;
  header: Uint8Array;
  content: Uint8Array;
  level: number;
}

interface Pending {
  resolve(bytes: number): void;
  reject(err: Error): void;
  size: number;
}

export interface CompressPool {
  /** Queues a job; the promise settles when the object is on disk. */
  submit(path: string, header: Buffer, content: Buffer, level: number): Promise<number>;
  /** Waits while more than the in-flight limit (jobs or bytes) is queued. */
  throttle(): Promise<void>;
  /** Waits for every queued job, then stops the workers. Rejects with the first failure. */
  close(): Promise<void>;
}

const MAX_JOBS = 256;
const MAX_BYTES = 64 * 1024 * 1024;

/** Loads worker_threads on first use: it costs ~30 ms of start-up that most commands never need. */
export async function createCompressPool(threads = Math.max(1, availableParallelism())): Promise<CompressPool> {
  const { Worker } = await import('node:worker_threads');
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
  const pending = new Map<number, Pending>();
  const load = workers.map(() => 0);
  let nextId = 1;
  let inflightBytes = 0;
  let firstError: Error | undefined;
  let waiters: Array<() => void> = [];

  workers.forEach((w, i) => {
    w.unref();
    w.on('message', (msg: { id: number; bytes?: number; error?: string; code?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      load[i]--;
      inflightBytes -= p.size;
      if (msg.error !== undefined) {
        const err = Object.assign(new Error(msg.error), { code: msg.code });
        firstError ??= err;
        p.reject(err);
      } else p.resolve(msg.bytes ?? 0);
      const ws = waiters;
      waiters = [];
      ws.forEach((f) => f());
    });
    w.on('error', (err) => {
      firstError ??= err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  });

  const busy = () => pending.size >= MAX_JOBS || inflightBytes >= MAX_BYTES;

  return {
    submit(path, header, content, level) {
      if (firstError) return Promise.reject(firstError);
      const id = nextId++;
      let target = 0;
      for (let i = 1; i < workers.length; i++) if (load[i] < load[target]) target = i;
      load[target]++;
      inflightBytes += content.length;
      const promise = new Promise<number>((resolve, reject) => {
        pending.set(id, { resolve, reject, size: content.length });
      });
      promise.catch(() => undefined); // surfaced by throttle()/close()
      const job: Job = { id, path, header, content, level };
      workers[target].postMessage(job);
      return promise;
    },
    async throttle() {
      while (busy()) await new Promise<void>((r) => waiters.push(r));
      if (firstError) throw firstError;
    },
    async close() {
      while (pending.size > 0) await new Promise<void>((r) => waiters.push(r));
      await Promise.all(workers.map((w) => w.terminate()));
      if (firstError) {
        throw firstError instanceof OssifyError ? firstError : firstError;
      }
    },
  };
}
