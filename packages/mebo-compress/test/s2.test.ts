import { s2Decode, s2Encode, zstdDecompress } from '../src/index.js';
import { interopCorpus, runsPayload } from './corpus.js';

// Hand-made S2 blocks, one per tag form, and a census of what our encoder emits.
const code = (c: string) => expect.objectContaining({ code: c });
const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/** Counts element kinds in an S2 block: lit, copy1, copy2, copy4, rep0..rep7 (repeat length fields). */
function census(block: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  let s = 0;
  while (block[s] & 0x80) s++;
  s++;
  while (s < block.length) {
    const tag = block[s];
    switch (tag & 3) {
      case 0: {
        const x = tag >>> 2;
        const nb = x < 60 ? 0 : x - 59;
        let len = x < 60 ? x + 1 : 1;
        for (let i = 0; i < nb; i++) len += block[s + 1 + i] * 2 ** (8 * i);
        s += 1 + nb + len;
        bump('lit');
        break;
      }
      case 1: {
        const field = (tag >>> 2) & 7;
        const off = ((tag & 0xe0) << 3) | block[s + 1];
        s += 2;
        if (off === 0) {
          bump(`rep${field}`);
          s += field === 5 ? 1 : field === 6 ? 2 : field === 7 ? 3 : 0;
        } else bump('copy1');
        break;
      }
      case 2:
        s += 3;
        bump('copy2');
        break;
      default:
        s += 5;
        bump('copy4');
    }
  }
  return counts;
}

describe('S2 block decoding, tag by tag', () => {
  it('literal, copy-2, then a copy-1 with offset 0 = repeat of offset 4', () => {
    const block = Uint8Array.from([0x0c, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x0e, 0x04, 0x00, 0x01, 0x00]);
    expect(s2Decode(block)).toEqual(ascii('abcdabcdabcd'));
  });

  it('literal lengths in the tag and in 1, 2, 3 and 4 extra bytes', () => {
    for (const len of [1, 60, 61, 256, 257, 65536, 65537, 70000]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 7) & 0xff);
      const x = len - 1;
      const head = x < 60 ? [x << 2] : x < 0x100 ? [60 << 2, x] : x < 0x10000 ? [61 << 2, x & 0xff, x >> 8] : [62 << 2, x & 0xff, (x >> 8) & 0xff, x >> 16];
      const varint = [];
      for (let v = len; ; v >>>= 7) {
        if (v < 0x80) {
          varint.push(v);
          break;
        }
        varint.push((v & 0x7f) | 0x80);
      }
      const block = new Uint8Array(varint.length + head.length + len);
      block.set(varint);
      block.set(head, varint.length);
      block.set(data, varint.length + head.length);
      expect(Buffer.from(s2Decode(block)).equals(Buffer.from(data))).toBe(true);
    }
    // the 4-byte form
    expect(s2Decode(Uint8Array.from([2, 63 << 2, 1, 0, 0, 0, 9, 8]))).toEqual(Uint8Array.from([9, 8]));
  });

  it('copy-1 with an 11-bit offset, copy-4, and every repeat length field', () => {
    // 2048 literal bytes, then copy-1 offset 0x7ff (bits 8-10 in the tag) length 11
    const lit = Uint8Array.from({ length: 2048 }, (_, i) => (i * 13) & 0xff);
    const total = 2048 + 11;
    const head = [total & 0x7f | 0x80, total >> 7, 61 << 2, 0xff, 0x07];
    const out = s2Decode(Uint8Array.from([...head, ...lit, (7 << 5) | (7 << 2) | 1, 0xff]));
    expect(out.subarray(2048)).toEqual(lit.subarray(1, 12));
    // copy-4: offset 3 length 5, then repeats with fields 0..7
    const lens = [4, 5, 6, 7, 8, 8 + 200, 260 + 1000, 65540 + 70000];
    const extra: number[][] = [[], [], [], [], [], [200], [1000 & 0xff, 1000 >> 8], [70000 & 0xff, (70000 >> 8) & 0xff, 70000 >> 16]];
    const fields = [0, 1, 2, 3, 4, 5, 6, 7];
    const body = [0x08, 1, 2, 3, ((5 - 1) << 2) | 3, 3, 0, 0, 0];
    let size = 3 + 5;
    for (let i = 0; i < fields.length; i++) {
      body.push((fields[i] << 2) | 1, 0, ...extra[i]);
      size += lens[i];
    }
    const varint = [];
    for (let v = size; ; v >>>= 7) {
      if (v < 0x80) {
        varint.push(v);
        break;
      }
      varint.push((v & 0x7f) | 0x80);
    }
    const dec = s2Decode(Uint8Array.from([...varint, ...body]));
    expect(dec.length).toBe(size);
    for (let i = 0; i < size; i++) if (dec[i] !== [1, 2, 3][i % 3]) throw new Error(`byte ${i}`);
  });

  it('rejects a repeat before any copy, offsets past the output, short or long output, truncation', () => {
    expect(() => s2Decode(Uint8Array.from([5, 0x00, 0x61, 0x01, 0x00]))).toThrow(code('CORRUPT_DATA'));
    expect(() => s2Decode(Uint8Array.from([6, 0x04, 0x61, 0x62, 0x06, 0x03, 0x00]))).toThrow(code('CORRUPT_DATA'));
    expect(() => s2Decode(Uint8Array.from([3, 0x04, 0x61, 0x62]))).toThrow(code('CORRUPT_DATA'));
    expect(() => s2Decode(Uint8Array.from([1, 0x04, 0x61, 0x62]))).toThrow(code('CORRUPT_DATA'));
    expect(() => s2Decode(Uint8Array.from([4, 0x0c, 0x61]))).toThrow(code('TRUNCATED'));
    expect(() => s2Decode(Uint8Array.from([9, 0x00, 0x61, 0x03, 0x01, 0x00]))).toThrow(code('TRUNCATED'));
  });
});

describe('our S2 encoder', () => {
  it('uses repeats (short and long), copy-1, copy-2 and copy-4', () => {
    const all: Record<string, number> = {};
    for (const [, input] of [...interopCorpus(), ['runs', runsPayload(1, 1 << 20, 400_000)] as const]) {
      for (const [k, v] of Object.entries(census(s2Encode(input)))) all[k] = (all[k] ?? 0) + v;
    }
    for (const k of ['lit', 'copy1', 'copy2', 'copy4', 'rep0', 'rep5', 'rep6', 'rep7']) expect(all[k] ?? 0).toBeGreaterThan(0);
  });
});

describe('zstd edge frames', () => {
  it('reads an empty frame (content size 0) and an empty raw block', () => {
    const frame = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00]);
    expect(zstdDecompress(frame).length).toBe(0);
  });
});
