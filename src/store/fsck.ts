// `fsck`: recomputes the checksum of every object reachable from any commit and
// from every ref, and reports each missing, corrupted or truncated object by
// name. Each object is checked once however many commits share it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseCommit, parseDirMeta, parseDirTree, type ObjectType } from '../core/ostree/index.js';
import { isErrno } from '../core/errors.js';
import { BATCH, createVerifyPool } from './content-pool.js';
import { objectPath } from './objects.js';
import { listRefs } from './refs.js';
import type { Repo } from './repo.js';

export interface FsckProblem {
  checksum: string;
  type: ObjectType | 'ref';
  problem: 'missing' | 'corrupted' | 'truncated' | 'unreadable';
  detail: string;
}

export interface FsckResult {
  ok: boolean;
  commits: number;
  objectsChecked: number;
  bytesChecked: number;
  problems: FsckProblem[];
}

export async function fsckRepo(
  repo: Repo,
  opts: { onProgress?: (p: { objects: number; bytes: number }) => void } = {},
): Promise<FsckResult> {
  const problems: FsckProblem[] = [];
  const seen = new Set<string>();
  let objects = 0;
  let bytes = 0;

  const note = (checksum: string, type: FsckProblem['type'], problem: FsckProblem['problem'], detail: string) =>
    problems.push({ checksum, type, problem, detail });

  /** Reads and verifies a metadata object; returns its bytes or null when unusable. */
  const metadata = (checksum: string, type: ObjectType, from: string): Buffer | null => {
    let data: Buffer;
    try {
      data = readFileSync(objectPath(repo, checksum, type));
    } catch (err) {
      note(checksum, type, isErrno(err, 'ENOENT') ? 'missing' : 'unreadable', `referenced by ${from}`);
      return null;
    }
    objects++;
    bytes += data.length;
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== checksum) {
      note(checksum, type, 'corrupted', `content hashes to ${actual}`);
      return null;
    }
    return data;
  };

  // Content objects are verified by the content workers in batches while this
  // thread walks dirtrees: hashing 200,000 small files is most of an fsck.
  const pool = await createVerifyPool(repo);
  let batch: Array<{ checksum: string; from: string }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const jobs = batch;
    batch = [];
    pool.verify(jobs.map((j) => j.checksum)).then(
      (results) =>
        results.forEach((r, i) => {
          const { checksum, from } = jobs[i];
          if ('missing' in r) note(checksum, 'file', 'missing', `referenced by ${from}`);
          else if ('verdict' in r) {
            bytes += r.verdict.bytes;
            if (r.verdict.issue) note(checksum, 'file', r.verdict.issue, r.verdict.detail);
          }
        }),
      () => undefined, // the pool rethrows from throttle()/close()
    );
    opts.onProgress?.({ objects, bytes });
    await pool.throttle();
  };
  const content = async (checksum: string, from: string) => {
    objects++;
    batch.push({ checksum, from });
    if (batch.length >= BATCH) await flush();
  };

  const tree = async (treeCsum: string, metaCsum: string, where: string) => {
    if (!seen.has(metaCsum + '.dirmeta')) {
      seen.add(metaCsum + '.dirmeta');
      const dm = metadata(metaCsum, 'dirmeta', where);
      if (dm) tryParse(() => parseDirMeta(dm), metaCsum, 'dirmeta');
    }
    if (seen.has(treeCsum + '.dirtree')) return;
    seen.add(treeCsum + '.dirtree');
    const data = metadata(treeCsum, 'dirtree', where);
    if (!data) return;
    const dt = tryParse(() => parseDirTree(data), treeCsum, 'dirtree');
    if (!dt) return;
    for (const f of dt.files) {
      if (seen.has(f.checksum)) continue;
      seen.add(f.checksum);
      await content(f.checksum, `${where}/${f.name.toString('utf8')}`);
    }
    for (const d of dt.dirs) await tree(d.treeChecksum, d.metaChecksum, `${where}/${d.name.toString('utf8')}`);
  };

  const tryParse = <T>(fn: () => T, checksum: string, type: ObjectType): T | null => {
    try {
      return fn();
    } catch (err) {
      note(checksum, type, 'corrupted', `does not parse: ${(err as Error).message}`);
      return null;
    }
  };

  const commits = new Set(listCommitObjects(repo));
  try {
    for (const { ref, checksum } of listRefs(repo)) {
      if (!commits.has(checksum)) note(checksum, 'ref', 'missing', `ref ${ref} points to a commit that is not here`);
    }
    for (const c of commits) {
      const data = metadata(c, 'commit', 'objects/');
      if (!data) continue;
      const commit = tryParse(() => parseCommit(data), c, 'commit');
      if (!commit) continue;
      await tree(commit.rootTree, commit.rootMeta, `commit ${c.slice(0, 12)}:`);
    }
    await flush();
  } finally {
    await pool.close(); // waits for every batch, so all verdicts are in
  }
  opts.onProgress?.({ objects, bytes });
  return { ok: problems.length === 0, commits: commits.size, objectsChecked: objects, bytesChecked: bytes, problems };
}

/** Commit checksums in objects/, found by name alone (no per-object records: 200,000 objects cost ~60 MB as records). */
export function listCommitObjects(repo: Repo): string[] {
  const root = path.join(repo.path, 'objects');
  const out: string[] = [];
  for (const prefix of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(path.join(root, prefix))) {
      if (name.length === 62 + '.commit'.length && name.endsWith('.commit')) out.push(prefix + name.slice(0, 62));
    }
  }
  return out;
}

export interface ObjectName {
  checksum: string;
  type: ObjectType;
  file: string;
}

/** Every loose object in the repository, by walking objects/XX/. */
export function listObjects(repo: Repo): ObjectName[] {
  const root = path.join(repo.path, 'objects');
  const out: ObjectName[] = [];
  for (const prefix of readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of readdirSync(path.join(root, prefix))) {
      const dot = name.indexOf('.');
      const rest = name.slice(0, dot);
      const ext = name.slice(dot + 1);
      const type = extType(ext);
      if (!type || rest.length !== 62) continue;
      out.push({ checksum: prefix + rest, type, file: path.join(root, prefix, name) });
    }
  }
  return out;
}

function extType(ext: string): ObjectType | undefined {
  if (ext === 'file' || ext === 'filez') return 'file';
  if (ext === 'dirtree' || ext === 'dirmeta' || ext === 'commit' || ext === 'commitmeta') return ext;
  return undefined;
}
