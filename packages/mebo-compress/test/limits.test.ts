import { MeboError } from '@mebo/format';
import { ZstdCodec as ZstdLib } from 'zstd-codec';
import type { ZstdBinding } from 'zstd-codec';
import { lz4DecompressBlock, s2Decode, s2DecodedLen, scanZstdFrames, zstdDecompress } from '../src/index.js';

// Hostile sizes are rejected from the headers, before the output is allocated; bombs without a
// stored size stop at the bound.
const code = (c: string) => expect.objectContaining({ code: c });
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function u64le(v: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

function blockHeader(last: boolean, type: number, size: number): number[] {
  const h = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff];
}

let zstd: ZstdBinding;
beforeAll(async () => {
  zstd = await new Promise<ZstdBinding>((resolve) => ZstdLib.run(resolve));
});

describe('zstd limits', () => {
  it('rejects a frame declaring 1 TiB from its header, before allocating', () => {
    const frame = Uint8Array.from([...MAGIC, 0xe0, ...u64le(2 ** 40), ...blockHeader(true, 1, 16), 0]);
    const spy = jest.spyOn(globalThis, 'Uint8Array');
    try {
      expect(() => zstdDecompress(frame)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects a declared content size one above the caller bound', () => {
    const frame = Uint8Array.from([...MAGIC, 0x20, 101, ...blockHeader(true, 1, 101), 7]);
    expect(zstdDecompress(frame, 101)).toEqual(new Uint8Array(101).fill(7));
    expect(() => zstdDecompress(frame, 100)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
  });

  it('rejects a window above 128 MiB, or above both 8 MiB and the caller bound', () => {
    const frame = Uint8Array.from([...MAGIC, 0x00, 0xf8, ...blockHeader(true, 0, 1), 1]);
    expect(() => zstdDecompress(frame)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    // window 16 MiB (exponent 14): fine under the default bound, not under a 1 MiB one
    const w16 = Uint8Array.from([...MAGIC, 0x00, 14 << 3, ...blockHeader(true, 0, 1), 1]);
    expect(zstdDecompress(w16)).toEqual(Uint8Array.from([1]));
    expect(() => zstdDecompress(w16, 1 << 20)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    // window 8 MiB, as Go writes for large payloads: accepted under any bound
    const w8 = Uint8Array.from([...MAGIC, 0x00, 13 << 3, ...blockHeader(true, 0, 1), 1]);
    expect(zstdDecompress(w8, 16)).toEqual(Uint8Array.from([1]));
  });

  it('rejects 1,100 RLE blocks of 128 KiB (no content size) from the block headers', () => {
    const bytes: number[] = [...MAGIC, 0x00, 0x50];
    for (let i = 0; i < 1100; i++) bytes.push(...blockHeader(i === 1099, 1, 128 * 1024), 0);
    expect(() => zstdDecompress(Uint8Array.from(bytes))).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
  });

  it('stops a compressed bomb without content size at the bound', () => {
    const bomb = zstd.Streaming ? new zstd.Streaming().compress(new Uint8Array(4 << 20), 3)! : new Uint8Array(0);
    expect(scanZstdFrames(bomb, 1 << 30).sizesKnown).toBe(false);
    expect(bomb.length).toBeLessThan(4096);
    expect(zstdDecompress(bomb).length).toBe(4 << 20);
    expect(() => zstdDecompress(bomb, 1 << 20)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
  });

  it('reads concatenated and skippable frames, and frames with a checksum', () => {
    const simple = new zstd.Simple();
    const a = simple.compress(new Uint8Array([1, 2, 3]), 3)!;
    const b = new zstd.Streaming().compress(new Uint8Array(300).fill(5), 3)!;
    const skip = [0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 0xaa, 0xbb];
    const withSum = [...MAGIC, 0x24, 2, ...blockHeader(true, 0, 2), 8, 9, 0xde, 0xad, 0xbe, 0xef];
    const all = Uint8Array.from([...skip, ...a, ...b, ...withSum]);
    const out = zstdDecompress(all);
    expect(out.length).toBe(3 + 300 + 2);
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(out.subarray(303))).toEqual([8, 9]);
  });

  it('names what is wrong: truncation, bad magic, reserved bits, dictionaries, size mismatch', () => {
    const good = new zstd.Simple().compress(new Uint8Array(1000).fill(3), 3)!;
    expect(() => zstdDecompress(good.subarray(0, good.length - 1))).toThrow(code('TRUNCATED'));
    expect(() => zstdDecompress(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow(code('CORRUPT_DATA'));
    expect(() => zstdDecompress(Uint8Array.from([...MAGIC, 0x08, 0x50, ...blockHeader(true, 0, 0)]))).toThrow(code('CORRUPT_DATA'));
    expect(() => zstdDecompress(Uint8Array.from([...MAGIC, 0x01, 0x50, 7, ...blockHeader(true, 0, 0)]))).toThrow(code('UNSUPPORTED_COMPRESSION'));
    expect(() => zstdDecompress(Uint8Array.from([...MAGIC, 0x00, 0x50, ...blockHeader(true, 3, 0)]))).toThrow(code('CORRUPT_DATA'));
    // content size 5, but the raw block holds 2
    expect(() => zstdDecompress(Uint8Array.from([...MAGIC, 0x20, 5, ...blockHeader(true, 0, 2), 1, 2]))).toThrow(code('CORRUPT_DATA'));
  });
});

describe('S2 limits', () => {
  it('rejects a declared length of 4 GiB - 1 from the header, before allocating', () => {
    const block = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x41]);
    expect(s2DecodedLen(block)).toBe(0xffffffff);
    const spy = jest.spyOn(globalThis, 'Uint8Array');
    try {
      expect(() => s2Decode(block)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects a declared length above 2^32-1 as corrupt, and an over-long varint', () => {
    expect(() => s2Decode(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x10]))).toThrow(code('CORRUPT_DATA'));
    expect(() => s2Decode(Uint8Array.from(new Array(11).fill(0x80)))).toThrow(MeboError);
    expect(() => s2Decode(Uint8Array.from([0x80]))).toThrow(code('TRUNCATED'));
  });

  it('lowers an over-large bound to 2 GiB - 1 instead of attempting a 4 GiB array', () => {
    const block = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x41]);
    expect(() => s2Decode(block, Number.MAX_SAFE_INTEGER)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
  });

  it('honours the caller bound exactly', () => {
    const block = Uint8Array.from([3, 0x08, 1, 2, 3]);
    expect(s2Decode(block, 3)).toEqual(Uint8Array.from([1, 2, 3]));
    expect(() => s2Decode(block, 2)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
  });
});

describe('LZ4 limits', () => {
  it('stops a long-match bomb at the bound', () => {
    // literal "a", then a match at offset 1 whose length runs over 5,000 extension bytes (~1.27 MB)
    const bytes = [0x1f, 0x61, 0x01, 0x00, ...new Array(5000).fill(0xff), 0x00, 0x00];
    const bomb = Uint8Array.from(bytes);
    expect(() => lz4DecompressBlock(bomb, 1 << 20)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    const out = lz4DecompressBlock(Uint8Array.from([...bytes.slice(0, -2), 0x00]), 2 << 20);
    expect(out.length).toBe(1 + 15 + 5000 * 255 + 4);
    expect(out.every((b) => b === 0x61)).toBe(true);
  });

  it('names what is wrong: zero or too-far offsets, truncation', () => {
    expect(() => lz4DecompressBlock(Uint8Array.from([0x10, 0x61, 0x00, 0x00]))).toThrow(code('CORRUPT_DATA'));
    expect(() => lz4DecompressBlock(Uint8Array.from([0x10, 0x61, 0x02, 0x00]))).toThrow(code('CORRUPT_DATA'));
    expect(() => lz4DecompressBlock(Uint8Array.from([0x50, 0x61, 0x62]))).toThrow(code('TRUNCATED'));
    expect(() => lz4DecompressBlock(Uint8Array.from([0x10, 0x61, 0x01]))).toThrow(code('TRUNCATED'));
    expect(() => lz4DecompressBlock(Uint8Array.from([0xf0, 0xff]))).toThrow(code('TRUNCATED'));
  });
});
