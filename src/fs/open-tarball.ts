// Opens a tarball as a stream of decompressed bytes, choosing the decompressor by
// magic bytes rather than by file name: `rootfs.tar` from a build system is often
// compressed whatever it is called. gzip and zstd run in-process (zlib, zstd-napi);
// xz has no maintained binding, so it runs as `xz -dc` reading the file we opened.
import { open, type FileHandle } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { OssifyError, wrapIoError } from '../core/errors.js';

export type TarballCompression = 'none' | 'gzip' | 'xz' | 'zstd';

// 1 MiB reads: the tar reader hands content on as views of these chunks, and the
// default 64 KiB costs 16x the awaits per byte for no memory saving worth having.
const READ_CHUNK = 1024 * 1024;

const MAGICS: Array<[TarballCompression | 'bzip2' | 'lz4', number[]]> = [
  ['gzip', [0x1f, 0x8b]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['lz4', [0x04, 0x22, 0x4d, 0x18]],
];

/** Detects the compression of a file's first bytes; plain tar is the fallback. */
export function detectCompression(head: Buffer): TarballCompression | 'bzip2' | 'lz4' {
  for (const [kind, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  }
  return 'none';
}

export async function openTarball(file: string): Promise<AsyncIterable<Buffer>> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return wrapIoError(err, `opening tarball ${file}`);
  }
  let kind: ReturnType<typeof detectCompression>;
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    kind = detectCompression(head.subarray(0, bytesRead));
  } catch (err) {
    await handle.close();
    return wrapIoError(err, `reading tarball ${file}`);
  }
  if (kind === 'bzip2' || kind === 'lz4') {
    await handle.close();
    throw new OssifyError(
      'ERR_OSSIFY_INVALID_TAR',
      `${file} is ${kind}-compressed, which ossify does not read`,
      {
        hint: 'recompress it with zstd, xz or gzip, e.g. `bzip2 -dc FILE | zstd -o FILE.tar.zst`',
        subject: file,
      },
    );
  }
  if (kind === 'xz') return xzStream(file, handle);
  const input = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK });
  if (kind === 'none') return wrapErrors(input, file, kind);
  // zstd-napi is a native module; it loads only when a zstd tarball is opened
  const decoder: Transform =
    kind === 'gzip' ? createGunzip({ chunkSize: 256 * 1024 }) : new (await import('zstd-napi')).DecompressStream();
  // pipeline() destroys the decoder with the reader's error and vice versa, so a
  // failure on either side surfaces in the consumer's for-await.
  const output = pipeline(input, decoder, () => {});
  return wrapErrors(output, file, kind);
}

/** Re-throws decompression and read errors as OssifyErrors that name the file. */
async function* wrapErrors(stream: Readable, file: string, kind: TarballCompression): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof OssifyError) throw err;
    if (kind !== 'none' && !isSystemError(err)) {
      throw new OssifyError(
        'ERR_OSSIFY_INVALID_TAR',
        `cannot decompress ${kind} tarball ${file}: ${messageOf(err)}`,
        {
          hint: 'the file is damaged or truncated; download or create it again',
          cause: err,
          subject: file,
        },
      );
    }
    wrapIoError(err, `reading tarball ${file}`);
  } finally {
    stream.destroy();
  }
}

async function* xzStream(file: string, handle: FileHandle): AsyncGenerator<Buffer> {
  // xz reads the descriptor we already opened (and sniffed), so the file cannot be
  // swapped between detection and decompression.
  const child = spawn('xz', ['-dc'], { stdio: [handle.fd, 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  exited.catch(() => {}); // observed below; this only silences the unhandled-rejection warning
  let stderr = '';
  (child.stderr as Readable).on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString('utf8');
  });
  let finished = false;
  try {
    for await (const chunk of child.stdout as Readable) yield chunk as Buffer;
    const { code, signal } = await exited;
    if (code !== 0) {
      throw new OssifyError(
        'ERR_OSSIFY_INVALID_TAR',
        `xz failed on ${file} (${signal ? `signal ${signal}` : `exit ${code}`}): ${stderr.trim() || 'no message'}`,
        { hint: 'the file is damaged or truncated; check it with `xz -t FILE`', subject: file },
      );
    }
    finished = true;
  } catch (err) {
    if (
      isSystemError(err) &&
      (err as NodeJS.ErrnoException).code === 'ENOENT' &&
      (err as { syscall?: string }).syscall?.startsWith('spawn')
    ) {
      throw new OssifyError(
        'ERR_OSSIFY_TOOL_FAILED',
        `cannot decompress ${file}: the xz program is not installed`,
        {
          hint: 'install xz-utils (apt-get install xz-utils) or recompress the tarball with zstd',
          cause: err,
          subject: file,
        },
      );
    }
    throw err;
  } finally {
    if (!finished && child.exitCode === null && child.signalCode === null) child.kill();
    await handle.close().catch(() => {});
  }
}

function isSystemError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && typeof (err as { syscall?: unknown }).syscall === 'string'
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
