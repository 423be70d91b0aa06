// Loads the ossify_sys addon (native/ossify_sys.c): xattrs with byte paths,
// syncfs, OFD locks, inode flags and batched hardlinks, which Node.js does not expose.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export type FsPath = string | Buffer;

export interface NativeSys {
  lreadxattrs(path: FsPath): Array<[string, Buffer]>;
  lsetxattr(path: FsPath, name: string, value: Buffer): void;
  lremovexattr(path: FsPath, name: string): void;
  syncfs(fd: number): void;
  getflags(fd: number): number;
  setflags(fd: number, flags: number): void;
  /** link(2) for each pair on a thread-pool thread; errno per pair, 0 when linked. */
  linkmanyAsync(from: FsPath[], to: FsPath[]): Promise<Int32Array>;
  /** Open-file-description lock (what libostree uses): 0 unlock, 1 shared, 2 exclusive; false when held elsewhere. */
  ofdlock(fd: number, type: 0 | 1 | 2): boolean;
}

export const FS_IMMUTABLE_FL = 0x10;
export const EMLINK = 31;
export const ENOENT = 2;

function findAddon(): string {
  // Works from src/fs (tsx) and dist/fs (compiled): both sit two levels below the package root.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..', '..');
  const candidate = path.join(root, 'native', 'build', 'Release', 'ossify_sys.node');
  if (!existsSync(candidate)) {
    throw new Error(`native addon missing at ${candidate}: run "npm run build:native"`);
  }
  return candidate;
}

export const sys: NativeSys = createRequire(import.meta.url)(findAddon()) as NativeSys;
