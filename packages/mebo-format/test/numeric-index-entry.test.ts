import fc from 'fast-check';
import {
  ByteWriter,
  MeboErrorCode,
  decodeNumericIndex,
  encodeNumericIndex,
  writeNumericIndex,
  selectNumericIndexEntrySize,
  isSortedByMetricId,
} from '../src/index.js';
import type { NumericIndexEntries, NumericIndexLayout } from '../src/index.js';
import { codeOf } from './code-of.js';
import { hex, toHex } from './hex.js';

function entries(rows: [hi: number, lo: number, count: number, ts: number, val: number, tag: number][]): NumericIndexEntries {
  return {
    length: rows.length,
    idHi: rows.map((r) => r[0]),
    idLo: rows.map((r) => r[1]),
    counts: rows.map((r) => r[2]),
    tsOffsets: rows.map((r) => r[3]),
    valueOffsets: rows.map((r) => r[4]),
    tagOffsets: rows.map((r) => r[5]),
  };
}

function layout(n: number, entrySize: 16 | 32, bigEndian: boolean, ts: number, val: number, tag: number, offset = 0): NumericIndexLayout {
  return { offset, metricCount: n, entrySize, bigEndian, timestampPayloadLength: ts, valuePayloadLength: val, tagPayloadLength: tag };
}

describe('numeric index: exact bytes', () => {
  it('§3.14 example entry: id 1, count 3, deltas 0 (LE and BE)', () => {
    const e = entries([[0, 1, 3, 0, 0, 0]]);
    expect(toHex(encodeNumericIndex(e, 16, false))).toBe(toHex(hex('01 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00')));
    expect(toHex(encodeNumericIndex(e, 16, true))).toBe(toHex(hex('00 00 00 00 00 00 00 01 00 03 00 00 00 00 00 00')));
  });
  it('§3.6 deltas are the previous column lengths; §3.8 shared member has delta 0 length 0', () => {
    // metric 0 canonical (395 ts bytes), metric 1 member (absent), metric 2 unique
    const e = entries([
      [0, 1, 10, 0, 0, 0],
      [0, 2, 10, 395, 80, 0],
      [0, 3, 10, 395, 160, 0],
    ]);
    const b = encodeNumericIndex(e, 16, false);
    const v = new DataView(b.buffer);
    expect([10, 26, 42].map((p) => v.getUint16(p, true))).toEqual([0, 395, 0]);
    expect([12, 28, 44].map((p) => v.getUint16(p, true))).toEqual([0, 80, 80]);
    const idx = decodeNumericIndex(b, layout(3, 16, false, 500, 240, 0));
    expect(Array.from(idx.tsOffsets)).toEqual([0, 395, 395]);
    expect(Array.from(idx.tsLengths)).toEqual([395, 0, 105]);
    expect(Array.from(idx.valueLengths)).toEqual([80, 80, 80]);
    expect(Array.from(idx.tagLengths)).toEqual([0, 0, 0]);
  });
  it('extended entry: u32 fields and eight zero reserved bytes', () => {
    const e = entries([[0x01020304, 0x05060708, 70000, 0, 0, 0], [0, 9, 1, 0x12345, 0x10000, 7]]);
    const b = encodeNumericIndex(e, 32, false);
    expect(toHex(b.subarray(0, 32))).toBe('0807060504030201' + '70110100' + '00000000'.repeat(3) + '00'.repeat(8));
    expect(toHex(b.subarray(32, 64))).toBe('0900000000000000' + '01000000' + '45230100' + '00000100' + '07000000' + '00'.repeat(8));
    const be = encodeNumericIndex(e, 32, true);
    expect(toHex(be.subarray(0, 12))).toBe('0102030405060708' + '00011170');
  });
  it('writes at a ByteWriter position', () => {
    const w = new ByteWriter(1);
    w.u8(0xee);
    writeNumericIndex(w, entries([[0, 1, 3, 0, 0, 0]]), 16, false);
    expect(w.length).toBe(17);
    expect(w.finish()[1]).toBe(1);
  });
});

const entryRows = (maxDelta: number, maxCount: number) =>
  fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: maxCount }), fc.nat({ max: maxDelta }), fc.nat({ max: maxDelta }), fc.nat({ max: maxDelta })), {
    maxLength: 40,
  });

function accumulate(rows: [number, number, number, number, number, number][]): NumericIndexEntries {
  let ts = 0;
  let val = 0;
  let tag = 0;
  return entries(
    rows.map(([hi, lo, c, a, b, d], i) => {
      if (i > 0) {
        ts += a;
        val += b;
        tag += d;
      }
      return [hi, lo, c, ts, val, tag];
    }),
  );
}

describe('numeric index: round trip', () => {
  it.each([
    [16, false],
    [16, true],
    [32, false],
    [32, true],
  ] as const)('entrySize %d bigEndian %s', (size, be) => {
    fc.assert(
      fc.property(entryRows(size === 16 ? 0xffff : 0x3ffffff, size === 16 ? 0xffff : 0xffffffff), fc.nat({ max: 1000 }), fc.nat({ max: 8 }), (rows, extra, pre) => {
        const e = accumulate(rows);
        const body = encodeNumericIndex(e, size, be);
        const bytes = new Uint8Array(pre + body.length);
        bytes.set(body, pre);
        const n = e.length;
        const last = (a: ArrayLike<number>): number => (n ? a[n - 1] : 0);
        const lens = [last(e.tsOffsets) + extra, last(e.valueOffsets) + extra, last(e.tagOffsets)];
        const idx = decodeNumericIndex(bytes, layout(n, size, be, lens[0], lens[1], lens[2], pre));
        expect(Array.from(idx.idHi)).toEqual(Array.from(e.idHi));
        expect(Array.from(idx.idLo)).toEqual(Array.from(e.idLo));
        expect(Array.from(idx.counts)).toEqual(Array.from(e.counts));
        expect(Array.from(idx.tsOffsets)).toEqual(Array.from(e.tsOffsets));
        expect(Array.from(idx.valueOffsets)).toEqual(Array.from(e.valueOffsets));
        expect(Array.from(idx.tagOffsets)).toEqual(Array.from(e.tagOffsets));
        for (let i = 0; i < n; i++) {
          const next = (a: ArrayLike<number>, len: number): number => (i + 1 < n ? a[i + 1] : len);
          expect(idx.tsLengths[i]).toBe(next(e.tsOffsets, lens[0]) - e.tsOffsets[i]);
          expect(idx.valueLengths[i]).toBe(next(e.valueOffsets, lens[1]) - e.valueOffsets[i]);
          expect(idx.tagLengths[i]).toBe(next(e.tagOffsets, lens[2]) - e.tagOffsets[i]);
        }
        expect(encodeNumericIndex(idx, size, be)).toEqual(body);
      }),
      { seed: 21 + size + (be ? 1 : 0), numRuns: 150 },
    );
  });
  it('an empty index decodes to empty arrays', () => {
    const idx = decodeNumericIndex(new Uint8Array(0), layout(0, 16, false, 0, 0, 0));
    expect(idx.length).toBe(0);
    expect(idx.idHi.length).toBe(0);
  });
});

describe('numeric index: entry size choice (§3.7)', () => {
  it('16 while every count and delta fits a u16, else 32', () => {
    expect(selectNumericIndexEntrySize(entries([[0, 1, 65535, 0, 0, 0], [0, 2, 1, 65535, 65535, 65535]]))).toBe(16);
    expect(selectNumericIndexEntrySize(entries([[0, 1, 65536, 0, 0, 0]]))).toBe(32);
    expect(selectNumericIndexEntrySize(entries([[0, 1, 1, 0, 0, 0], [0, 2, 1, 65536, 0, 0]]))).toBe(32);
    expect(selectNumericIndexEntrySize(entries([[0, 1, 1, 0, 0, 0], [0, 2, 1, 0, 0, 65536]]))).toBe(32);
    // absolute offsets beyond 65535 are fine as long as each delta fits
    expect(selectNumericIndexEntrySize(entries([[0, 1, 1, 0, 0, 0], [0, 2, 1, 60000, 0, 0], [0, 3, 1, 120000, 0, 0]]))).toBe(16);
  });
});

describe('numeric index: validation, one code per rule', () => {
  const two = entries([[0, 1, 3, 0, 0, 0], [0, 2, 3, 10, 20, 0]]);
  it('region shorter than N × entrySize → INVALID_INDEX_ENTRY_SIZE, before allocating', () => {
    const b = encodeNumericIndex(two, 16, false);
    expect(codeOf(() => decodeNumericIndex(b.subarray(0, 31), layout(2, 16, false, 100, 100, 0)))).toBe(MeboErrorCode.InvalidIndexEntrySize);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, false, 100, 100, 0, 1)))).toBe(MeboErrorCode.InvalidIndexEntrySize);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, false, 100, 100, 0, 99)))).toBe(MeboErrorCode.InvalidIndexEntrySize);
    // a hostile count of 2^32 − 1 fails on the size check, not in an allocation
    expect(codeOf(() => decodeNumericIndex(b, layout(0xffffffff, 32, false, 0, 0, 0)))).toBe(MeboErrorCode.InvalidIndexEntrySize);
  });
  it('more entries than maxMetrics → LIMIT_EXCEEDED', () => {
    const b = encodeNumericIndex(two, 16, false);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, false, 100, 100, 0), { maxMetrics: 1 }))).toBe(MeboErrorCode.LimitExceeded);
    expect(decodeNumericIndex(b, layout(2, 16, false, 100, 100, 0), { maxMetrics: 2 }).length).toBe(2);
  });
  it('non-zero reserved bytes in an extended entry → INVALID_RESERVED_BYTES', () => {
    for (let k = 24; k < 32; k++) {
      const b = encodeNumericIndex(two, 32, false);
      b[32 + k] = 1;
      expect(codeOf(() => decodeNumericIndex(b, layout(2, 32, false, 100, 100, 0)))).toBe(MeboErrorCode.InvalidReservedBytes);
    }
  });
  it('last offset beyond its payload → INVALID_INDEX_OFFSETS (each of ts, value, tag)', () => {
    const three = entries([[0, 1, 3, 0, 0, 0], [0, 2, 3, 10, 20, 5]]);
    const b = encodeNumericIndex(three, 16, true);
    expect(decodeNumericIndex(b, layout(2, 16, true, 10, 20, 5)).tsLengths[1]).toBe(0);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, true, 9, 20, 5)))).toBe(MeboErrorCode.InvalidIndexOffsets);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, true, 10, 19, 5)))).toBe(MeboErrorCode.InvalidIndexOffsets);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, true, 10, 20, 4)))).toBe(MeboErrorCode.InvalidIndexOffsets);
  });
  it('entry 0 may carry a non-zero start; it counts towards the end check', () => {
    const b = encodeNumericIndex(entries([[0, 1, 3, 7, 0, 0]]), 16, false);
    const idx = decodeNumericIndex(b, layout(1, 16, false, 10, 0, 0));
    expect(idx.tsOffsets[0]).toBe(7);
    expect(idx.tsLengths[0]).toBe(3);
    expect(codeOf(() => decodeNumericIndex(b, layout(1, 16, false, 6, 0, 0)))).toBe(MeboErrorCode.InvalidIndexOffsets);
  });
  it('reserved bytes are found before a bad end (Go order)', () => {
    const b = encodeNumericIndex(two, 32, false);
    b[63] = 1;
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 32, false, 0, 0, 0)))).toBe(MeboErrorCode.InvalidReservedBytes);
  });
  it('unsorted ids: accepted by default (as Go), CORRUPT_DATA with requireSortedIds', () => {
    const unsorted = entries([[0, 2, 1, 0, 0, 0], [0, 1, 1, 0, 0, 0]]);
    const b = encodeNumericIndex(unsorted, 16, false);
    const idx = decodeNumericIndex(b, layout(2, 16, false, 0, 0, 0));
    expect(isSortedByMetricId(idx)).toBe(false);
    expect(codeOf(() => decodeNumericIndex(b, layout(2, 16, false, 0, 0, 0), { requireSortedIds: true }))).toBe(MeboErrorCode.CorruptData);
    // unsigned order: 0x80000000_00000000 sorts after 0x3fffffff_ffffffff; equal ids are allowed
    const sorted = entries([[0x3fffffff, 0xffffffff, 1, 0, 0, 0], [0x80000000, 0, 1, 0, 0, 0], [0x80000000, 0, 1, 0, 0, 0]]);
    const s = decodeNumericIndex(encodeNumericIndex(sorted, 16, true), layout(3, 16, true, 0, 0, 0), { requireSortedIds: true });
    expect(isSortedByMetricId(s)).toBe(true);
  });
  it('bad layout arguments → INVALID_ARGUMENT', () => {
    expect(codeOf(() => decodeNumericIndex(new Uint8Array(64), layout(1, 24 as 16, false, 0, 0, 0)))).toBe(MeboErrorCode.InvalidArgument);
    expect(codeOf(() => decodeNumericIndex(new Uint8Array(64), layout(1, 16, false, -1, 0, 0)))).toBe(MeboErrorCode.InvalidArgument);
  });
});

describe('numeric index: encoder checks', () => {
  it('decreasing offsets → INVALID_INDEX_OFFSETS', () => {
    expect(codeOf(() => encodeNumericIndex(entries([[0, 1, 1, 5, 0, 0], [0, 2, 1, 4, 0, 0]]), 16, false))).toBe(MeboErrorCode.InvalidIndexOffsets);
  });
  it('count or delta beyond a u16 in a compact entry → OFFSET_OUT_OF_RANGE', () => {
    expect(codeOf(() => encodeNumericIndex(entries([[0, 1, 65536, 0, 0, 0]]), 16, false))).toBe(MeboErrorCode.OffsetOutOfRange);
    expect(codeOf(() => encodeNumericIndex(entries([[0, 1, 1, 0, 0, 0], [0, 2, 1, 0, 65536, 0]]), 16, false))).toBe(MeboErrorCode.OffsetOutOfRange);
    expect(encodeNumericIndex(entries([[0, 1, 1, 0, 0, 0], [0, 2, 1, 0, 65536, 0]]), 32, false).length).toBe(64);
  });
  it('non-u32 fields → INVALID_ARGUMENT', () => {
    expect(codeOf(() => encodeNumericIndex(entries([[2 ** 32, 1, 1, 0, 0, 0]]), 16, false))).toBe(MeboErrorCode.InvalidArgument);
    expect(codeOf(() => encodeNumericIndex(entries([[0, 1, 1, 0, 0, 0]]), 8 as 16, false))).toBe(MeboErrorCode.InvalidArgument);
  });
});
