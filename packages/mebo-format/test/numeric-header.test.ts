import fc from 'fast-check';
import {
  CompressionType,
  EncodingType,
  ByteWriter,
  MeboErrorCode,
  NumericMagic,
  decodeNumericHeader,
  encodeNumericHeader,
  writeNumericHeader,
  isNumericBlob,
  numericOptions,
  isNumericV2,
  numericIndexEntrySize,
} from '../src/index.js';
import type { NumericHeader } from '../src/index.js';
import { codeOf } from './code-of.js';
import { exampleHeader } from './seeds.js';
import { hex, toHex } from './hex.js';

const EXAMPLE_LE = '10 ea 32 11 00 20 21 10 d7 0d 06 00 01 00 00 00 20 00 00 00 30 00 00 00 3c 00 00 00 48 00 00 00';
const EXAMPLE_BE = '12 ea 32 11 00 06 0d d7 10 21 20 00 00 00 00 01 00 00 00 20 00 00 00 30 00 00 00 3c 00 00 00 48';

function blobWith(header: Uint8Array, length: number): Uint8Array {
  const b = new Uint8Array(length);
  b.set(header);
  return b;
}

describe('numeric header: spec §3.14 worked example', () => {
  it('encodes the little-endian header byte for byte', () => {
    expect(toHex(encodeNumericHeader(exampleHeader(false)))).toBe(toHex(hex(EXAMPLE_LE)));
  });
  it('encodes the big-endian header byte for byte', () => {
    expect(toHex(encodeNumericHeader(exampleHeader(true)))).toBe(toHex(hex(EXAMPLE_BE)));
  });
  it.each([false, true])('decodes it back (bigEndian=%s)', (be) => {
    const blob = blobWith(hex(be ? EXAMPLE_BE : EXAMPLE_LE), 72);
    expect(decodeNumericHeader(blob)).toEqual(exampleHeader(be));
    expect(isNumericBlob(blob)).toBe(true);
  });
  it('writes through a ByteWriter at its position', () => {
    const w = new ByteWriter(4);
    w.u8(0xaa);
    writeNumericHeader(w, exampleHeader(false));
    expect(w.length).toBe(33);
    expect(toHex(w.finish())).toBe('aa' + toHex(hex(EXAMPLE_LE)));
  });
});

describe('numeric header: Options and nibbles (§2.3, §3.2)', () => {
  it.each([
    [EncodingType.Delta, EncodingType.Gorilla, CompressionType.None, CompressionType.None, '32', '11'],
    [EncodingType.Raw, EncodingType.Raw, CompressionType.None, CompressionType.Zstd, '11', '21'],
    [EncodingType.DeltaPacked, EncodingType.ALP, CompressionType.None, CompressionType.None, '65', '11'],
  ])('ts=%s value=%s tsc=%s vc=%s → bytes 2–3 = %s %s', (te, ve, tc, vc, b2, b3) => {
    const h = { ...exampleHeader(false), timestampEncoding: te, valueEncoding: ve, timestampCompression: tc, valueCompression: vc } as NumericHeader;
    const b = encodeNumericHeader(h);
    expect(toHex(b.subarray(2, 4))).toBe(b2 + b3);
  });
  it('sets each flag bit in byte 0 with the magic in the high bits', () => {
    const base = exampleHeader(false);
    expect(toHex(encodeNumericHeader({ ...base, hasTags: true }).subarray(0, 2))).toBe('11ea');
    expect(toHex(encodeNumericHeader({ ...base, bigEndian: true }).subarray(0, 2))).toBe('12ea');
    expect(toHex(encodeNumericHeader({ ...base, hasMetricNames: true }).subarray(0, 2))).toBe('14ea');
    expect(toHex(encodeNumericHeader({ ...base, magic: NumericMagic.V2, hasSharedTimestamps: true }).subarray(0, 2))).toBe('28ea');
    expect(toHex(encodeNumericHeader({ ...base, magic: NumericMagic.V2Ext }).subarray(0, 2))).toBe('30ea');
    expect(numericOptions({ ...base, magic: NumericMagic.V2, hasTags: true, bigEndian: true, hasMetricNames: true, hasSharedTimestamps: true })).toBe(0xea2f);
  });
  it('knows V2 and entry sizes', () => {
    expect(isNumericV2(exampleHeader(false))).toBe(false);
    expect(isNumericV2({ ...exampleHeader(false), magic: NumericMagic.V2Ext })).toBe(true);
    expect(numericIndexEntrySize(NumericMagic.V1)).toBe(16);
    expect(numericIndexEntrySize(NumericMagic.V2)).toBe(16);
    expect(numericIndexEntrySize(NumericMagic.V2Ext)).toBe(32);
  });
});

const headerArb: fc.Arbitrary<NumericHeader> = fc
  .record({
    magic: fc.constantFrom(NumericMagic.V1, NumericMagic.V2, NumericMagic.V2Ext),
    hasTags: fc.boolean(),
    bigEndian: fc.boolean(),
    hasMetricNames: fc.boolean(),
    hasSharedTimestamps: fc.boolean(),
    timestampEncoding: fc.constantFrom(EncodingType.Raw, EncodingType.Delta, EncodingType.DeltaPacked),
    valueEncoding: fc.constantFrom(EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP),
    timestampCompression: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<CompressionType>,
    valueCompression: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<CompressionType>,
    startTime: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    metricCount: fc.nat({ max: 0xffffffff }),
    indexOffset: fc.nat({ max: 0xffffffff }),
    o: fc.array(fc.nat({ max: 4096 }), { minLength: 3, maxLength: 3 }).map((a) => a.sort((x, y) => x - y)),
  })
  .map(({ o, ...h }) => ({
    ...h,
    hasSharedTimestamps: h.hasSharedTimestamps && h.magic !== NumericMagic.V1,
    timestampPayloadOffset: o[0],
    valuePayloadOffset: o[1],
    tagPayloadOffset: o[2],
  }));

describe('numeric header: round trip', () => {
  it('decode(encode(h)) = h in both byte orders', () => {
    fc.assert(
      fc.property(headerArb, (h) => {
        const blob = blobWith(encodeNumericHeader(h), Math.max(32, h.tagPayloadOffset));
        expect(decodeNumericHeader(blob)).toEqual(h);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
  it('encode(decode(bytes)) = bytes for valid headers', () => {
    fc.assert(
      fc.property(headerArb, (h) => {
        const bytes = encodeNumericHeader(h);
        const blob = blobWith(bytes, Math.max(32, h.tagPayloadOffset));
        expect(encodeNumericHeader(decodeNumericHeader(blob))).toEqual(bytes);
      }),
      { seed: 12, numRuns: 200 },
    );
  });
});

describe('numeric header: validation (§3.3), one code per rule', () => {
  const good = (): Uint8Array => blobWith(hex(EXAMPLE_LE), 72);

  it('shorter than 32 bytes → INVALID_HEADER_SIZE', () => {
    expect(codeOf(() => decodeNumericHeader(good().subarray(0, 31)))).toBe(MeboErrorCode.InvalidHeaderSize);
    expect(codeOf(() => decodeNumericHeader(new Uint8Array(0)))).toBe(MeboErrorCode.InvalidHeaderSize);
  });
  it.each([0x0000, 0xeb10, 0xea00, 0xea40, 0xfa10, 0x1234])('magic %#x → INVALID_MAGIC_NUMBER', (m) => {
    const b = good();
    b[0] = m & 0xf0;
    b[1] = m >> 8;
    expect(codeOf(() => decodeNumericHeader(b))).toBe(MeboErrorCode.InvalidMagicNumber);
    expect(isNumericBlob(b)).toBe(false);
  });
  it('the magic is checked before the nibbles', () => {
    const b = good();
    b[1] = 0;
    b[2] = 0;
    expect(codeOf(() => decodeNumericHeader(b))).toBe(MeboErrorCode.InvalidMagicNumber);
  });
  it('flag bits 0–3 are not validated (Go does not)', () => {
    const b = good();
    b[0] |= 0x0d; // tags, names, shared timestamps (bit 1 would flip the byte order)
    expect(decodeNumericHeader(b).hasSharedTimestamps).toBe(true);
  });
  it('every invalid encoding or compression nibble → INVALID_HEADER_FLAGS', () => {
    const validTs = [1, 2, 5];
    const validVal = [1, 3, 4, 6];
    const validCmp = [1, 2, 3, 4];
    for (let byte = 0; byte < 256; byte++) {
      const b = good();
      b[2] = byte;
      const ok = validTs.includes(byte & 15) && validVal.includes(byte >> 4);
      expect(codeOf(() => decodeNumericHeader(b))).toBe(ok ? 'no error' : MeboErrorCode.InvalidHeaderFlags);
      const c = good();
      c[3] = byte;
      const okc = validCmp.includes(byte & 15) && validCmp.includes(byte >> 4);
      expect(codeOf(() => decodeNumericHeader(c))).toBe(okc ? 'no error' : MeboErrorCode.InvalidHeaderFlags);
    }
  });
  it('each payload offset beyond the blob → its own code', () => {
    const b = good().subarray(0, 71); // the example's tag offset is 72
    expect(codeOf(() => decodeNumericHeader(b))).toBe(MeboErrorCode.InvalidTagPayloadOffset);
    const v = good();
    v[24] = 73;
    expect(codeOf(() => decodeNumericHeader(v))).toBe(MeboErrorCode.InvalidValuePayloadOffset);
    const t = good();
    t[20] = 200;
    expect(codeOf(() => decodeNumericHeader(t))).toBe(MeboErrorCode.InvalidTimestampPayloadOffset);
  });
  it('offsets equal to the blob length are accepted', () => {
    const b = good();
    b[20] = b[24] = b[28] = 72;
    expect(decodeNumericHeader(b).timestampPayloadOffset).toBe(72);
  });
  it('ts > value → INVALID_VALUE_PAYLOAD_OFFSET, value > tag → INVALID_TAG_PAYLOAD_OFFSET (Go panics)', () => {
    const a = good();
    a[20] = 61; // ts 61 > value 60
    expect(codeOf(() => decodeNumericHeader(a))).toBe(MeboErrorCode.InvalidValuePayloadOffset);
    const c = good();
    c[28] = 59; // tag 59 < value 60
    expect(codeOf(() => decodeNumericHeader(c))).toBe(MeboErrorCode.InvalidTagPayloadOffset);
  });
  it('a start time beyond ±2^53 → CORRUPT_DATA', () => {
    const b = good();
    b[11] = 0x40;
    expect(codeOf(() => decodeNumericHeader(b))).toBe(MeboErrorCode.CorruptData);
    b[11] = 0xff; // −(small) numbers are fine
    b.fill(0xff, 4, 12);
    expect(decodeNumericHeader(b).startTime).toBe(-1);
  });
});

describe('numeric header: encoder argument checks', () => {
  it.each<[Partial<NumericHeader>, string]>([
    [{ magic: 0xeb10 as NumericMagic }, MeboErrorCode.InvalidHeaderFlags],
    [{ timestampEncoding: EncodingType.Gorilla }, MeboErrorCode.InvalidHeaderFlags],
    [{ valueEncoding: EncodingType.Delta }, MeboErrorCode.InvalidHeaderFlags],
    [{ valueCompression: 0 as CompressionType }, MeboErrorCode.InvalidHeaderFlags],
    [{ hasSharedTimestamps: true }, MeboErrorCode.InvalidArgument],
    [{ startTime: 2 ** 60 }, MeboErrorCode.InvalidArgument],
    [{ metricCount: -1 }, MeboErrorCode.InvalidArgument],
    [{ tagPayloadOffset: 2 ** 32 }, MeboErrorCode.InvalidArgument],
    [{ indexOffset: 1.5 }, MeboErrorCode.InvalidArgument],
  ])('%j → %s', (patch, code) => {
    expect(codeOf(() => encodeNumericHeader({ ...exampleHeader(false), ...patch }))).toBe(code);
  });
});
