import { MeboError } from '@mebo/format';
import { expectOnly, mutate, SeededRandom } from '@mebo-internal/test-kit';
import { decompress as fzstdDecompress } from 'fzstd';
import { ZstdCodec as ZstdLib } from 'zstd-codec';
import type { ZstdBinding, ZstdSimple } from 'zstd-codec';
import { loadZstdCodec, scanZstdFrames, ZstdCodec, zstdDecompress } from '../src/index.js';
import { goldenCases, readGolden, sha256 } from './golden-files.js';

// Frames made only of raw and RLE blocks ("stored" frames: what zstd writes for input it cannot
// shrink) are produced from the frame walk without a block decoder. They must decode exactly as
// before (as libzstd / fzstd / Go do), keep every bound and validation, and let only MeboError out.

const code = (c: string) => expect.objectContaining({ code: c });
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function blockHeader(last: boolean, type: number, size: number): number[] {
  const h = (size << 3) | (type << 1) | (last ? 1 : 0);
  return [h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff];
}

function le(v: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

interface StoredFrame {
  frame: Uint8Array;
  content: Uint8Array;
}

/**
 * A frame of random raw and RLE blocks. Header shapes: no content size (window descriptor), or a
 * single-segment header with a 1-, 2-, 4- or 8-byte content size, or a window descriptor and a content size.
 */
function storedFrame(rng: SeededRandom, maxBlocks: number, maxBlock: number): StoredFrame {
  const blocks = 1 + rng.int(maxBlocks);
  const body: number[] = [];
  const content: number[] = [];
  for (let i = 0; i < blocks; i++) {
    const size = rng.int(maxBlock + 1);
    if (rng.int(2) === 0) {
      const bytes = Array.from(rng.bytes(size));
      body.push(...blockHeader(i === blocks - 1, 0, size), ...bytes);
      content.push(...bytes);
    } else {
      const b = rng.int(256);
      body.push(...blockHeader(i === blocks - 1, 1, size), b);
      for (let k = 0; k < size; k++) content.push(b);
    }
  }
  const n = content.length;
  const shape = rng.int(3);
  let header: number[];
  if (shape === 0) header = [0x00, 0x50]; // window 1 MiB, no content size
  else if (shape === 1) {
    // single segment: the smallest content-size field that holds n
    if (n < 256) header = [0x20, n];
    else if (n < 65536 + 256) header = [0x60, ...le(n - 256, 2)];
    else header = [0xa0, ...le(n, 4)];
  } else header = [0xc0, 0x50, ...le(n, 8)]; // window descriptor + 8-byte size
  return { frame: Uint8Array.from([...MAGIC, ...header, ...body]), content: Uint8Array.from(content) };
}

/** Byte equality without Jest's element-by-element diffing (slow on large arrays). */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.length))).toBe(true);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

let loaded: ZstdCodec;
let lib: ZstdBinding;
let simple: ZstdSimple;
beforeAll(async () => {
  loaded = await loadZstdCodec();
  lib = await new Promise<ZstdBinding>((resolve) => ZstdLib.run(resolve));
  simple = new lib.Simple();
});

/** The libzstd instance inside a loaded codec, to check whether a frame reached it. */
function wasmOf(codec: ZstdCodec): ZstdSimple {
  return (codec as unknown as { simple: ZstdSimple }).simple;
}

describe('zstd stored frames (raw/RLE blocks only)', () => {
  it('Go-written stored frames decode byte-identically without reaching libzstd', () => {
    const stored = ['random-16k', 'one-byte', 'random-140k', 'byterun-100k', 'random-run-228k'];
    const cases = goldenCases().filter((c) => c.codec === 'zstd' && stored.includes(c.case));
    expect(cases.length).toBe(stored.length);
    const spy = jest.spyOn(wasmOf(loaded), 'decompress');
    try {
      for (const c of cases) {
        const bin = readGolden(c.bin);
        const scan = scanZstdFrames(bin, 1 << 30);
        expect(scan.frames.every((f) => f.compressedBlocks === 0 && !f.hasChecksum)).toBe(true);
        const out = loaded.decompress(bin, c.size);
        expect(sha256(out)).toBe(c.sha256);
        expect(sha256(zstdDecompress(bin, c.size))).toBe(c.sha256);
        // the decoders we used before agree byte for byte
        expect(Buffer.from(out).equals(Buffer.from(fzstdDecompress(bin)))).toBe(true);
        if (scan.frames[0].contentSize > 0) expect(Buffer.from(out).equals(Buffer.from(simple.decompress(bin)!))).toBe(true);
        expect(() => loaded.decompress(bin, c.size - 1)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('Go frames mixing RLE and compressed blocks still go to the decoder', () => {
    const c = goldenCases().find((x) => x.codec === 'zstd' && x.case === 'byterun-300k')!;
    const bin = readGolden(c.bin);
    expect(scanZstdFrames(bin, 1 << 30).frames[0].compressedBlocks).toBeGreaterThan(0);
    const spy = jest.spyOn(wasmOf(loaded), 'decompress');
    try {
      expect(sha256(loaded.decompress(bin))).toBe(c.sha256);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('random raw/RLE frames, alone, concatenated, with skippable and compressed frames, match fzstd and libzstd', () => {
    const rng = new SeededRandom(2026);
    const unloaded = new ZstdCodec();
    for (let k = 0; k < 300; k++) {
      const { frame, content } = storedFrame(rng, 6, k % 3 === 0 ? 3000 : 40);
      expectBytes(loaded.decompress(frame, content.length), content);
      expectBytes(unloaded.decompress(frame, content.length), content);
      expectBytes(fzstdDecompress(frame), content);
      const fcs = scanZstdFrames(frame, 1 << 30).frames[0].contentSize;
      if (fcs > 0) expectBytes(simple.decompress(frame)!, content);
      if (content.length > 0) expect(() => loaded.decompress(frame, content.length - 1)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    }
    for (let k = 0; k < 60; k++) {
      const parts: StoredFrame[] = [];
      const frames = 2 + rng.int(4);
      for (let i = 0; i < frames; i++) {
        const r = rng.int(4);
        if (r === 0) {
          const content = rng.bytes(rng.int(50)).map((b) => b & 3); // compressible: a compressed block
          parts.push({ frame: simple.compress(content, 3)!, content });
        } else if (r === 1) {
          parts.push({ frame: Uint8Array.from([0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]), content: new Uint8Array(0) });
        } else parts.push(storedFrame(rng, 4, 500));
      }
      const all = concat(parts.map((p) => p.frame));
      const content = concat(parts.map((p) => p.content));
      expectBytes(loaded.decompress(all, content.length), content);
      expectBytes(unloaded.decompress(all, content.length), content);
      if (content.length > 0) expect(() => loaded.decompress(all, content.length - 1)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    }
  });

  it('returns a new plain Uint8Array and leaves the input untouched, also for a Buffer input', () => {
    const rng = new SeededRandom(12);
    const input = rng.bytes(200_000);
    const frame = loaded.compress(input);
    const inner = new Uint8Array(frame.length + 10);
    inner.set(frame, 7);
    for (const src of [Buffer.from(frame), inner.subarray(7, 7 + frame.length), frame]) {
      const before = Buffer.from(src);
      for (const out of [loaded.decompress(src), zstdDecompress(src)]) {
        expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
        expect(out.byteOffset).toBe(0);
        expect(out.buffer.byteLength).toBe(input.length);
        expectBytes(out, input);
        out.fill(0);
      }
      expect(before.equals(Buffer.from(src))).toBe(true);
    }
  });

  it('keeps the size checks: content size against the blocks and against the bound', () => {
    // declares 5, blocks hold 2 (or 7): corrupt, whichever side
    const short = Uint8Array.from([...MAGIC, 0x20, 5, ...blockHeader(false, 0, 1), 1, ...blockHeader(true, 1, 1), 2]);
    const long = Uint8Array.from([...MAGIC, 0x20, 5, ...blockHeader(false, 0, 3), 1, 2, 3, ...blockHeader(true, 1, 4), 2]);
    for (const c of [loaded, new ZstdCodec()]) {
      expect(() => c.decompress(short)).toThrow(code('CORRUPT_DATA'));
      expect(() => c.decompress(long)).toThrow(code('CORRUPT_DATA'));
    }
    // no content size: the blocks' total is checked against the bound before anything is allocated
    const unsized = Uint8Array.from([...MAGIC, 0x00, 0x50, ...blockHeader(false, 1, 100_000), 9, ...blockHeader(true, 0, 2), 1, 2]);
    expect(loaded.decompress(unsized, 100_002).length).toBe(100_002);
    const spy = jest.spyOn(globalThis, 'Uint8Array');
    try {
      expect(() => loaded.decompress(unsized, 100_001)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    // several stored frames: their sum against the bound
    const one = Uint8Array.from([...MAGIC, 0x20, 4, ...blockHeader(true, 1, 4), 6]);
    const two = concat([one, one, one]);
    expect(loaded.decompress(two, 12)).toEqual(new Uint8Array(12).fill(6));
    expect(() => loaded.decompress(two, 11)).toThrow(code('DECOMPRESSED_SIZE_EXCEEDS_LIMIT'));
    // an empty stored frame (content size 0, one empty raw block)
    expect(loaded.decompress(Uint8Array.from([...MAGIC, 0x20, 0, ...blockHeader(true, 0, 0)]), 0)).toEqual(new Uint8Array(0));
  });

  it('rejects a block larger than the window, as Go does (RFC 8878 Block_Maximum_Size)', () => {
    // window 1 KiB (descriptor 0), raw block of 1025 bytes; 1024 is fine
    const over = Uint8Array.from([...MAGIC, 0x00, 0x00, ...blockHeader(true, 0, 1025), ...new Uint8Array(1025)]);
    const at = Uint8Array.from([...MAGIC, 0x00, 0x00, ...blockHeader(true, 1, 1024), 3]);
    expect(() => loaded.decompress(over)).toThrow(code('CORRUPT_DATA'));
    expect(() => zstdDecompress(over)).toThrow(code('CORRUPT_DATA'));
    expect(loaded.decompress(at)).toEqual(new Uint8Array(1024).fill(3));
    // single segment: the window is the content size, but never below 1 KiB
    const small = Uint8Array.from([...MAGIC, 0x20, 10, ...blockHeader(true, 1, 10), 3]);
    expect(loaded.decompress(small)).toEqual(new Uint8Array(10).fill(3));
  });

  it('names every truncation of a stored frame TRUNCATED', () => {
    const rng = new SeededRandom(77);
    for (let k = 0; k < 20; k++) {
      const { frame } = storedFrame(rng, 4, 30);
      for (let n = 1; n < frame.length; n++) {
        const cut = frame.subarray(0, n);
        expect(() => loaded.decompress(cut)).toThrow(code('TRUNCATED'));
      }
    }
  });

  it('leaves frames with a content checksum to the decoders, as before (libzstd verifies it)', () => {
    // raw block [8, 9], checksum flag set, checksum bytes wrong
    const withSum = Uint8Array.from([...MAGIC, 0x24, 2, ...blockHeader(true, 0, 2), 8, 9, 0xde, 0xad, 0xbe, 0xef]);
    const spy = jest.spyOn(wasmOf(loaded), 'decompress');
    try {
      expect(() => loaded.decompress(withSum)).toThrow(code('CORRUPT_DATA'));
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    // fzstd does not verify checksums: the unloaded path reads it, as it did
    expect(Array.from(zstdDecompress(withSum))).toEqual([8, 9]);
  });

  it('fuzz: mutated stored frames throw only MeboError, and agree with fzstd when both decode', () => {
    const rng = new SeededRandom(99);
    const seeds: Uint8Array[] = [readGolden('zstd-random-16k.bin'), readGolden('zstd-byterun-100k.bin'), readGolden('zstd-one-byte.bin')];
    for (let k = 0; k < 12; k++) seeds.push(storedFrame(rng, 5, 200).frame);
    seeds.push(loaded.compress(rng.bytes(5000)));
    const unloaded = new ZstdCodec();
    let decoded = 0;
    let agreed = 0;
    for (let k = 0; k < 1500; k++) {
      const input = mutate(seeds[k % seeds.length], rng);
      const codec = k % 2 === 0 ? loaded : unloaded;
      let ours: Uint8Array | undefined;
      expectOnly(MeboError, `stored frame mutation ${k}`, () => {
        ours = codec.decompress(input, 1 << 20);
      });
      if (ours === undefined) continue;
      decoded++;
      let theirs: Uint8Array | undefined;
      try {
        theirs = fzstdDecompress(input);
      } catch {
        continue;
      }
      expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      agreed++;
    }
    expect(decoded).toBeGreaterThan(100);
    expect(agreed).toBeGreaterThan(50);
  });
});

describe('zstd compress of incompressible input', () => {
  it('still writes valid frames (raw blocks, content size) that libzstd, fzstd and our reader read', () => {
    const rng = new SeededRandom(5);
    for (const n of [1, 300, 70_000, 260_000, 1_100_000]) {
      const input = rng.bytes(n);
      const out = loaded.compress(input);
      const scan = scanZstdFrames(out, n);
      expect(scan.sizesKnown).toBe(true);
      expect(scan.minOutput).toBe(n);
      expect(scan.frames.every((f) => f.compressedBlocks === 0)).toBe(true);
      // frame header + 3 bytes per block, per frame: a few bytes per 128 KiB
      expect(out.length).toBeLessThanOrEqual(n + 20 * scan.frames.length + 3 * Math.ceil(n / 131072));
      expectBytes(loaded.decompress(out, n), input);
      expectBytes(fzstdDecompress(out), input);
    }
  });
});
