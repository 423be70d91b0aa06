// `fsck`: recomputes the checksum of every object reachable from any commit and
// from every ref, and reports each missing, corrupted or truncated object by
// name. Each object is checked once however many commits share it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { fileHeaderBytes, parseCommit, parseDirMeta, parseDirTree, type ObjectType } from '../core/ostree/index.js';
import { isErrno } from '../core/errors.js';
import { hashFileInto } from '../fs/hash-file.js';
import { readContentInfo, isSymlinkMeta } from './content-reader.js';
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

const CHUNK = 1024 * 1024;

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

  const content = async (checksum: string, from: string) => {
    objects++;
    if (objects % 1024 === 0) opts.onProgress?.({ objects, bytes });
    try {
      const problem = await verifyContent(repo, checksum);
      bytes += problem.bytes;
      if (problem.issue) note(checksum, 'file', problem.issue, problem.detail);
    } catch (err) {
      if (isErrno(err) && err.code === 'ERR_OSSIFY_OBJECT_MISSING') note(checksum, 'file', 'missing', `referenced by ${from}`);
      else note(checksum, 'file', 'corrupted', (err as Error).message);
    }
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

interface ContentVerdict {
  bytes: number;
  issue?: 'corrupted' | 'truncated';
  detail: string;
}

async function verifyContent(repo: Repo, checksum: string): Promise<ContentVerdict> {
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

