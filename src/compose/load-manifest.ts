// Reads a manifest file and its lockfile (I/O around the pure parsers).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OssifyError, isErrno } from '../core/errors.js';
import { parseLockfile, type Lockfile } from './lockfile.js';
import type { Manifest } from './manifest-schema.js';
import { parseManifest } from './parse-manifest.js';

export function loadManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) {
      throw new OssifyError('ERR_OSSIFY_NOT_FOUND', `manifest ${file} does not exist`, {
        subject: file,
        cause: err,
      });
    }
    throw new OssifyError('ERR_OSSIFY_IO', `reading manifest ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return parseManifest(text, path.relative(process.cwd(), file) || file);
}

/** Lockfile next to the manifest: server.yaml -> server.lock.json. */
export function defaultLockPath(manifestPath: string): string {
  return manifestPath.replace(/\.(ya?ml|json)$/i, '') + '.lock.json';
}

export function loadLockfile(file: string): Lockfile | null {
  try {
    return parseLockfile(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null;
    throw err;
  }
}
