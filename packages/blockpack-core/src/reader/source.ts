import { open } from 'node:fs/promises';
import { plainBytes } from '../shared/bytes.js';
import { BlockpackError, BlockpackErrorCode, outOfRange } from '../shared/errors.js';

/**
 * Random access to a blockpack file: a local file, an object-store range reader, or memory.
 * `read` must return exactly `length` bytes starting at `offset`.
 */
export interface RandomAccessSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close?(): Promise<void>;
}

/** A source over bytes in memory (zero-copy reads). */
export function memorySource(bytes: Uint8Array): RandomAccessSource {
  const b = plainBytes(bytes);
  return {
    size: b.length,
    read(offset: number, length: number): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > b.length) return Promise.reject(outOfRange('read', offset + length, b.length));
      return Promise.resolve(b.subarray(offset, offset + length));
    },
  };
}

/** A source over a file on disk, read through one file handle; `close()` releases it. */
export async function fileSource(path: string): Promise<RandomAccessSource> {
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > size) throw outOfRange('read', offset + length, size);
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(out, got, length - got, offset + got);
        if (bytesRead === 0) throw new BlockpackError(BlockpackErrorCode.Truncated, `file ended at ${offset + got}, wanted ${offset + length}`);
        got += bytesRead;
      }
      return out;
    },
    close: () => fh.close(),
  };
}

/** Reads and checks the length of what came back. */
export async function readExact(src: RandomAccessSource, offset: number, length: number): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > src.size) {
    throw outOfRange('read', offset + length, src.size, offset);
  }
  const b = await src.read(offset, length);
  if (b.length !== length) throw new BlockpackError(BlockpackErrorCode.Truncated, `short read: ${b.length} of ${length} bytes`, offset);
  return plainBytes(b);
}
