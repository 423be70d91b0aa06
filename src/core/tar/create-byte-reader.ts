// Pull-based reading of exact byte counts from a chunked stream. Tar is a sequence
// of 512-byte blocks laid over chunks of arbitrary size (1 MiB from a file, 16 KiB
// from zlib), so headers are copied out only when they straddle two chunks and file
// content is handed on as views of the chunks it arrived in: no copy, no buffering
// beyond the one chunk in hand.

export interface ByteReader {
  /** Bytes consumed so far: the offset that error messages report. */
  readonly offset: number;
  /** Exactly n bytes, or fewer only at end of input. Possibly a view of a source chunk. */
  read(n: number): Promise<Buffer>;
  /** At most max bytes, whatever the current chunk holds; empty only at end of input. */
  readSome(max: number): Promise<Buffer>;
  /** Discards n bytes; returns how many there were (fewer only at end of input). */
  skip(n: number): Promise<number>;
  /** Reads to the end, so a decompressor upstream gets to verify its trailer. */
  drain(): Promise<void>;
  /** Stops the source early (a consumer broke out of the loop). */
  close(): Promise<void>;
}

const EMPTY = Buffer.alloc(0);

export function createByteReader(source: AsyncIterable<Buffer | Uint8Array>): ByteReader {
  const iterator = source[Symbol.asyncIterator]();
  let chunk: Buffer = EMPTY;
  let pos = 0;
  let ended = false;
  let consumed = 0;

  /** Makes sure the current chunk has unread bytes; false at end of input. */
  async function fill(): Promise<boolean> {
    while (pos >= chunk.length) {
      if (ended) return false;
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        chunk = EMPTY;
        pos = 0;
        return false;
      }
      const value = next.value;
      chunk = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      pos = 0;
    }
    return true;
  }

  async function read(n: number): Promise<Buffer> {
    if (chunk.length - pos >= n) {
      const view = chunk.subarray(pos, pos + n);
      pos += n;
      consumed += n;
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n && (await fill())) {
      const take = Math.min(n - got, chunk.length - pos);
      chunk.copy(out, got, pos, pos + take);
      pos += take;
      got += take;
    }
    consumed += got;
    return got === n ? out : out.subarray(0, got);
  }

  async function readSome(max: number): Promise<Buffer> {
    if (max <= 0 || !(await fill())) return EMPTY;
    const take = Math.min(max, chunk.length - pos);
    const view = chunk.subarray(pos, pos + take);
    pos += take;
    consumed += take;
    return view;
  }

  async function skip(n: number): Promise<number> {
    let left = n;
    while (left > 0 && (await fill())) {
      const take = Math.min(left, chunk.length - pos);
      pos += take;
      left -= take;
    }
    consumed += n - left;
    return n - left;
  }

  async function drain(): Promise<void> {
    while (await fill()) {
      consumed += chunk.length - pos;
      pos = chunk.length;
    }
  }

  async function close(): Promise<void> {
    if (ended) return;
    ended = true;
    await iterator.return?.();
  }

  return {
    get offset() {
      return consumed;
    },
    read,
    readSome,
    skip,
    drain,
    close,
  };
}
