import fc from 'fast-check';
import {
  ByteWriter,
  CompressionType,
  EncodingType,
  MeboErrorCode,
  decodeTextHeader,
  encodeTextHeader,
  writeTextHeader,
  isTextBlob,
  isNumericBlob,
  decodeTextIndex,
  encodeTextIndex,
  writeTextIndex,
} from '../src/index.js';
import type { TextHeader, TextIndexEntries } from '../src/index.js';
import { hex, toHex } from './hex.js';
import { codeOf } from './code-of.js';

const START = 1704067200000000;

function header(patch: Partial<TextHeader> = {}): TextHeader {
  return {
    hasTags: false,
    bigEndian: false,
    hasMetricNames: false,
    timestampEncoding: EncodingType.Delta,
    dataCompression: CompressionType.None,
    startTime: START,
    metricCount: 1,
    indexOffset: 32,
    dataOffset: 48,
    dataSize: 15,
    ...patch,
  };
}

// §7.7 worked examples: Delta (63 bytes), Raw (60 bytes).
const DELTA_BLOB = hex(`
  10 eb 02 01 | 00 20 21 10 d7 0d 06 00 | 01 00 00 00 | 20 00 00 00 | 30 00 00 00 | 0f 00 00 00 | 00 00 00 00
  07 00 00 00 00 00 00 00 | 02 00 | 00 00 | 00 00 00 00
  80 ad e2 04 | 02 | 6f 6b
  80 89 7a    | 04 | 77 61 72 6e`);
const RAW_BLOB = hex(`
  10 eb 01 01 | 00 20 21 10 d7 0d 06 00 | 01 00 00 00 | 20 00 00 00 | 30 00 00 00 | 0c 00 00 00 | 00 00 00 00
  07 00 00 00 00 00 00 00 | 01 00 | 00 00 | 00 00 00 00
  08 | 40 6b 6d 10 d7 0d 06 00 | 02 | 6f 6b`);

describe('text header (§7.2): worked examples', () => {
  it('Delta example: header and index byte for byte', () => {
    expect(DELTA_BLOB.length).toBe(63);
    expect(toHex(encodeTextHeader(header()))).toBe(toHex(DELTA_BLOB.subarray(0, 32)));
    const e: TextIndexEntries = { length: 1, idHi: [0], idLo: [7], counts: [2], offsets: [0] };
    expect(toHex(encodeTextIndex(e, false))).toBe(toHex(DELTA_BLOB.subarray(32, 48)));
    expect(decodeTextHeader(DELTA_BLOB)).toEqual(header());
    const idx = decodeTextIndex(DELTA_BLOB, { offset: 32, metricCount: 1, bigEndian: false, dataSize: 15 });
    expect([idx.idHi[0], idx.idLo[0], idx.counts[0], idx.offsets[0], idx.sizes[0]]).toEqual([0, 7, 2, 0, 15]);
    expect(isTextBlob(DELTA_BLOB)).toBe(true);
    expect(isNumericBlob(DELTA_BLOB)).toBe(false);
  });
  it('Raw example header', () => {
    expect(RAW_BLOB.length).toBe(60);
    const h = header({ timestampEncoding: EncodingType.Raw, dataSize: 12 });
    expect(toHex(encodeTextHeader(h))).toBe(toHex(RAW_BLOB.subarray(0, 32)));
    expect(decodeTextHeader(RAW_BLOB)).toEqual(h);
  });
  it('tags and names set bits 0 and 2: 11 eb / 15 eb; big-endian 12 eb', () => {
    expect(toHex(encodeTextHeader(header({ hasTags: true })).subarray(0, 2))).toBe('11eb');
    expect(toHex(encodeTextHeader(header({ hasTags: true, hasMetricNames: true })).subarray(0, 2))).toBe('15eb');
    const be = encodeTextHeader(header({ bigEndian: true }));
    expect(toHex(be.subarray(0, 16))).toBe('12eb0201' + '00060dd710212000' + '00000001');
  });
  it('writes at a ByteWriter position', () => {
    const w = new ByteWriter(1);
    w.u8(1);
    writeTextHeader(w, header());
    expect(toHex(w.finish().subarray(1))).toBe(toHex(DELTA_BLOB.subarray(0, 32)));
  });
});

describe('text header: round trip', () => {
  it('decode(encode(h)) = h', () => {
    fc.assert(
      fc.property(
        fc.record({
          hasTags: fc.boolean(),
          bigEndian: fc.boolean(),
          hasMetricNames: fc.boolean(),
          timestampEncoding: fc.constantFrom(EncodingType.Raw, EncodingType.Delta),
          dataCompression: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<CompressionType>,
          startTime: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
          metricCount: fc.nat({ max: 65535 }),
          indexOffset: fc.nat({ max: 0xffffffff }),
          dataOffset: fc.nat({ max: 300 }),
          dataSize: fc.nat({ max: 0xffffffff }),
        }),
        (h) => {
          const blob = new Uint8Array(Math.max(32, h.dataOffset));
          blob.set(encodeTextHeader(h));
          expect(decodeTextHeader(blob)).toEqual(h);
        },
      ),
      { seed: 50, numRuns: 400 },
    );
  });
});

describe('text header: validation, one code per rule', () => {
  const good = (): Uint8Array => DELTA_BLOB.slice();
  it('short → INVALID_HEADER_SIZE', () => {
    expect(codeOf(() => decodeTextHeader(good().subarray(0, 31)))).toBe(MeboErrorCode.InvalidHeaderSize);
  });
  it('numeric or unknown magic → INVALID_MAGIC_NUMBER', () => {
    const b = good();
    b[1] = 0xea;
    expect(codeOf(() => decodeTextHeader(b))).toBe(MeboErrorCode.InvalidMagicNumber);
    b[1] = 0xeb;
    b[0] = 0x20;
    expect(codeOf(() => decodeTextHeader(b))).toBe(MeboErrorCode.InvalidMagicNumber);
  });
  it('reserved bit 3 → INVALID_HEADER_FLAGS', () => {
    const b = good();
    b[0] |= 0x08;
    expect(codeOf(() => decodeTextHeader(b))).toBe(MeboErrorCode.InvalidHeaderFlags);
  });
  it('every timestamp-encoding and compression byte: only 1, 2, 5 and 1–4 pass', () => {
    for (let x = 0; x < 256; x++) {
      const b = good();
      b[2] = x;
      expect(codeOf(() => decodeTextHeader(b))).toBe([1, 2, 5].includes(x) ? 'no error' : MeboErrorCode.InvalidHeaderFlags);
      const c = good();
      c[3] = x;
      expect(codeOf(() => decodeTextHeader(c))).toBe([1, 2, 3, 4].includes(x) ? 'no error' : MeboErrorCode.InvalidHeaderFlags);
    }
  });
  it('DataOffset beyond the blob → INVALID_TIMESTAMP_PAYLOAD_OFFSET (Go reuses it)', () => {
    const b = good();
    b[20] = 64;
    expect(codeOf(() => decodeTextHeader(b))).toBe(MeboErrorCode.InvalidTimestampPayloadOffset);
    b[20] = 63;
    expect(decodeTextHeader(b).dataOffset).toBe(63);
  });
  it('reserved bytes 28–31 are not validated', () => {
    const b = good();
    b.fill(0xff, 28, 32);
    expect(codeOf(() => decodeTextHeader(b))).toBe('no error');
  });
  it('unsafe start time → CORRUPT_DATA', () => {
    const b = good();
    b[11] = 0x7f;
    expect(codeOf(() => decodeTextHeader(b))).toBe(MeboErrorCode.CorruptData);
  });
  it.each<[Partial<TextHeader>, string]>([
    [{ timestampEncoding: EncodingType.DeltaPacked }, MeboErrorCode.InvalidHeaderFlags],
    [{ dataCompression: 9 as CompressionType }, MeboErrorCode.InvalidHeaderFlags],
    [{ metricCount: 65537 }, MeboErrorCode.InvalidMetricCount],
    [{ dataSize: -1 }, MeboErrorCode.InvalidArgument],
    [{ startTime: 0.5 }, MeboErrorCode.InvalidArgument],
  ])('encoder: %j → %s', (patch, code) => {
    expect(codeOf(() => encodeTextHeader(header(patch)))).toBe(code);
  });
});

describe('text index (§7.3)', () => {
  const three: TextIndexEntries = { length: 3, idHi: [0, 1, 0xffffffff], idLo: [7, 8, 9], counts: [1, 65535, 2], offsets: [0, 10, 10] };
  it('absolute offsets, sizes from the next offset and DataSize', () => {
    const b = encodeTextIndex(three, false);
    const idx = decodeTextIndex(b, { offset: 0, metricCount: 3, bigEndian: false, dataSize: 25 });
    expect(Array.from(idx.offsets)).toEqual([0, 10, 10]);
    expect(Array.from(idx.sizes)).toEqual([10, 0, 15]);
    expect(Array.from(idx.counts)).toEqual([1, 65535, 2]);
    expect(Array.from(idx.idHi)).toEqual([0, 1, 0xffffffff]);
  });
  it.each([false, true])('round trip (bigEndian=%s)', (be) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.integer({ min: 1, max: 65535 }), fc.nat({ max: 100000 })), { maxLength: 40 }),
        fc.nat({ max: 50 }),
        (rows, extra) => {
          const offsets = rows.map((r) => r[3]).sort((a, b) => a - b);
          const e: TextIndexEntries = { length: rows.length, idHi: rows.map((r) => r[0]), idLo: rows.map((r) => r[1]), counts: rows.map((r) => r[2]), offsets };
          const b = encodeTextIndex(e, be);
          const dataSize = (offsets.length ? offsets[offsets.length - 1] : 0) + extra;
          const idx = decodeTextIndex(b, { offset: 0, metricCount: rows.length, bigEndian: be, dataSize });
          expect(Array.from(idx.offsets)).toEqual(offsets);
          expect(Array.from(idx.counts)).toEqual(Array.from(e.counts));
          expect(encodeTextIndex(idx, be)).toEqual(b);
        },
      ),
      { seed: be ? 61 : 60, numRuns: 200 },
    );
  });
  it('big-endian bytes', () => {
    expect(toHex(encodeTextIndex({ length: 1, idHi: [0], idLo: [7], counts: [2], offsets: [0x0102] }, true))).toBe('0000000000000007' + '0002' + '0000' + '00000102');
  });
  it('writes at a ByteWriter position', () => {
    const w = new ByteWriter(1);
    w.u8(1);
    writeTextIndex(w, three, false);
    expect(w.length).toBe(49);
  });
  it('region too short → INVALID_INDEX_ENTRY_SIZE; too many → LIMIT_EXCEEDED', () => {
    const b = encodeTextIndex(three, false);
    expect(codeOf(() => decodeTextIndex(b.subarray(0, 47), { offset: 0, metricCount: 3, bigEndian: false, dataSize: 25 }))).toBe(MeboErrorCode.InvalidIndexEntrySize);
    expect(codeOf(() => decodeTextIndex(b, { offset: 0, metricCount: 0xffffffff, bigEndian: false, dataSize: 25 }))).toBe(MeboErrorCode.InvalidIndexEntrySize);
    expect(codeOf(() => decodeTextIndex(b, { offset: 0, metricCount: 3, bigEndian: false, dataSize: 25 }, { maxMetrics: 2 }))).toBe(MeboErrorCode.LimitExceeded);
  });
  it('last offset > DataSize or a decreasing offset → INVALID_INDEX_OFFSETS', () => {
    const b = encodeTextIndex(three, false);
    expect(codeOf(() => decodeTextIndex(b, { offset: 0, metricCount: 3, bigEndian: false, dataSize: 9 }))).toBe(MeboErrorCode.InvalidIndexOffsets);
    const d = b.slice();
    d[16 + 12] = 11; // entry 1 offset 11 > entry 2 offset 10
    expect(codeOf(() => decodeTextIndex(d, { offset: 0, metricCount: 3, bigEndian: false, dataSize: 25 }))).toBe(MeboErrorCode.InvalidIndexOffsets);
  });
  it('reserved bytes 10–11 and count 0 are not validated on decode (as Go)', () => {
    const b = encodeTextIndex(three, false);
    b[10] = 0xff;
    b[8] = b[9] = 0;
    const idx = decodeTextIndex(b, { offset: 0, metricCount: 3, bigEndian: false, dataSize: 25 });
    expect(idx.counts[0]).toBe(0);
  });
  it('encoder: count 0 or > 65535 → INVALID_NUM_OF_DATA_POINTS; decreasing → INVALID_INDEX_OFFSETS', () => {
    expect(codeOf(() => encodeTextIndex({ ...three, counts: [0, 1, 1] }, false))).toBe(MeboErrorCode.InvalidNumOfDataPoints);
    expect(codeOf(() => encodeTextIndex({ ...three, counts: [65536, 1, 1] }, false))).toBe(MeboErrorCode.InvalidNumOfDataPoints);
    expect(codeOf(() => encodeTextIndex({ ...three, offsets: [0, 10, 9] }, false))).toBe(MeboErrorCode.InvalidIndexOffsets);
  });
});
