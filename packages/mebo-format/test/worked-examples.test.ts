import { NumericMagic, xxHash64 } from '../src/index.js';
import { hex, toHex } from './hex.js';
import { walkNumeric, walkText } from './sections.js';
import { example, textBlob, v2Blob } from './seeds.js';

describe('spec §3.14: the whole 72-byte numeric blob from section writers', () => {
  it('little-endian: xxh64 = 0x4fc588d1dd0d17d4', () => {
    const b = example(false);
    expect(b.length).toBe(72);
    expect(xxHash64(b)).toBe(0x4fc588d1dd0d17d4n);
  });
  it('big-endian: the printed bytes, xxh64 = 0xb888ba0a4f6eae6a', () => {
    const b = example(true);
    const printed = hex(`
      12 ea 32 11 00 06 0d d7 10 21 20 00 00 00 00 01 00 00 00 20 00 00 00 30 00 00 00 3c 00 00 00 48
      00 00 00 00 00 00 00 01 00 03 00 00 00 00 00 00
      80 c0 84 81 f1 ba 83 03 80 89 7a 00
      3f f0 00 00 00 00 00 00 61 2b ff 80`);
    expect(toHex(b)).toBe(toHex(printed));
    expect(xxHash64(b)).toBe(0xb888ba0a4f6eae6an);
  });
  it.each([false, true])('walks back (bigEndian=%s)', (be) => {
    const s = walkNumeric(example(be));
    expect(s.index.tsLengths[0]).toBe(12);
    expect(s.index.valueLengths[0]).toBe(12);
    expect(s.index.counts[0]).toBe(3);
  });
});

describe('a V2 blob with names, shared timestamps and tags', () => {
  it.each([false, true])('walks back with every member pointing at its canonical (bigEndian=%s)', (be) => {
    const s = walkNumeric(v2Blob(be));
    expect(s.header.magic).toBe(NumericMagic.V2);
    expect(s.shared).toEqual([
      { canonical: expect.any(Number), members: [expect.any(Number)] },
      { canonical: expect.any(Number), members: [expect.any(Number)] },
    ]);
    for (const g of s.shared ?? []) {
      expect(s.index.tsOffsets[g.members[0]]).toBe(s.index.tsOffsets[g.canonical]);
      expect(s.index.tsLengths[g.members[0]]).toBe(s.index.tsLengths[g.canonical]);
    }
    expect(s.names?.names.slice().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(s.index.tagLengths)).toEqual([2, 2, 2, 2]);
  });
});

describe('a text blob with names and tags (§7.7 data rows)', () => {
  it.each([false, true])('walks back (bigEndian=%s)', (be) => {
    const s = walkText(textBlob(be));
    expect(s.names?.names).toEqual(['cpu', 'mem']);
    expect(Array.from(s.index.sizes)).toEqual([18, 7]);
    expect(s.header.dataOffset + s.header.dataSize).toBe(textBlob(be).length);
  });
});
