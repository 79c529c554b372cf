import fc from 'fast-check';
import {
  ByteWriter,
  MeboErrorCode,
  decodeSharedTimestampTable,
  encodeSharedTimestampTable,
  writeSharedTimestampTable,
  applySharedTimestampTable,
  findSharedTimestampGroups,
  sharedTimestampTableSize,
  encodeNumericIndex,
  decodeNumericIndex,
} from '../src/index.js';
import type { SharedTimestampGroup } from '../src/index.js';
import { hex, toHex } from './hex.js';
import { codeOf } from './code-of.js';

describe('shared-timestamp table: §3.8 example', () => {
  const groups: SharedTimestampGroup[] = [{ canonical: 0, members: [1, 2] }];
  it('LE: 01 00 | 00 00 | 02 00 | 01 00 02 00 (10 bytes; the spec says 12 but its own sum is 2 + 4 + 2×2 = 10)', () => {
    const b = encodeSharedTimestampTable(groups, 3, false);
    expect(toHex(b)).toBe(toHex(hex('01 00 | 00 00 | 02 00 | 01 00 02 00')));
    expect(sharedTimestampTableSize(groups)).toBe(10);
  });
  it('BE swaps every u16', () => {
    expect(toHex(encodeSharedTimestampTable(groups, 3, true))).toBe(toHex(hex('00 01 | 00 00 | 00 02 | 00 01 00 02')));
  });
  it('decodes and applies: members take the canonical offset and length', () => {
    const idx = decodeNumericIndex(
      encodeNumericIndex(
        { length: 3, idHi: [0, 0, 0], idLo: [1, 2, 3], counts: [3, 3, 3], tsOffsets: [0, 12, 12], valueOffsets: [0, 8, 16], tagOffsets: [0, 0, 0] },
        16,
        false,
      ),
      { offset: 0, metricCount: 3, entrySize: 16, bigEndian: false, timestampPayloadLength: 12, valuePayloadLength: 24, tagPayloadLength: 0 },
    );
    expect(Array.from(idx.tsLengths)).toEqual([12, 0, 0]);
    applySharedTimestampTable(decodeSharedTimestampTable(hex('01 00 00 00 02 00 01 00 02 00'), false, 3), idx);
    expect(Array.from(idx.tsOffsets)).toEqual([0, 0, 0]);
    expect(Array.from(idx.tsLengths)).toEqual([12, 12, 12]);
    expect(Array.from(idx.counts)).toEqual([3, 3, 3]);
  });
  it('writes at a ByteWriter position', () => {
    const w = new ByteWriter(1);
    w.u8(7);
    writeSharedTimestampTable(w, groups, 3, false);
    expect(w.length).toBe(11);
  });
});

describe('shared-timestamp table: detection (§3.8 encoder rules)', () => {
  const c = (...b: number[]): Uint8Array => Uint8Array.from(b);
  it('first occurrence is canonical, later equal columns are members in ascending order', () => {
    const cols = [c(1, 2), c(9), c(1, 2), c(9), c(3), c(1, 2)];
    expect(findSharedTimestampGroups(cols)).toEqual([
      { canonical: 0, members: [2, 5] },
      { canonical: 1, members: [3] },
    ]);
  });
  it('no sharing → no groups; a single column → no groups', () => {
    expect(findSharedTimestampGroups([c(1), c(2)])).toEqual([]);
    expect(findSharedTimestampGroups([c(1)])).toEqual([]);
  });
  it('same length different bytes are not shared', () => {
    expect(findSharedTimestampGroups([c(1, 2), c(2, 1)])).toEqual([]);
  });
});

describe('shared-timestamp table: round trip', () => {
  it.each([false, true])('decode(encode(findGroups(cols))) (bigEndian=%s)', (be) => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 60 }), (kinds) => {
        const cols = kinds.map((k) => Uint8Array.of(k, k));
        const groups = findSharedTimestampGroups(cols);
        if (groups.length === 0) return;
        const b = encodeSharedTimestampTable(groups, cols.length, be);
        expect(b.length).toBe(sharedTimestampTableSize(groups));
        expect(decodeSharedTimestampTable(b, be, cols.length)).toEqual(groups);
      }),
      { seed: be ? 41 : 40, numRuns: 300 },
    );
  });
});

describe('shared-timestamp table: validation, all INVALID_SHARED_TIMESTAMP_TABLE', () => {
  const bad = MeboErrorCode.InvalidSharedTimestampTable;
  it.each([
    ['empty region (bit 3 without a table)', '', 3],
    ['one byte', '01', 3],
    ['zero groups', '00 00', 3],
    ['truncated group header', '01 00 00 00 01', 3],
    ['truncated members', '01 00 00 00 02 00 01 00', 3],
    ['trailing bytes', '01 00 00 00 01 00 01 00 ff', 3],
    ['canonical ≥ N', '01 00 03 00 01 00 01 00', 3],
    ['member ≥ N', '01 00 00 00 01 00 03 00', 3],
    ['member = canonical', '01 00 01 00 01 00 01 00', 3],
    ['member assigned twice', '01 00 00 00 02 00 01 00 01 00', 3],
    ['canonical in two groups', '02 00 00 00 01 00 01 00 00 00 01 00 02 00', 3],
    ['canonical already a member', '02 00 00 00 01 00 01 00 01 00 01 00 02 00', 3],
    ['member already a canonical', '02 00 00 00 01 00 01 00 02 00 01 00 00 00', 3],
    ['metric count 0', '01 00 00 00 00 00', 0],
  ])('%s', (_label, bytes, n) => {
    expect(codeOf(() => decodeSharedTimestampTable(hex(bytes), false, n))).toBe(bad);
  });
  it('a group with zero members is accepted (Go accepts it)', () => {
    expect(decodeSharedTimestampTable(hex('01 00 00 00 00 00'), false, 1)).toEqual([{ canonical: 0, members: [] }]);
  });
  it('encoder refuses what the decoder would reject', () => {
    expect(codeOf(() => encodeSharedTimestampTable([], 3, false))).toBe(bad);
    expect(codeOf(() => encodeSharedTimestampTable([{ canonical: 3, members: [1] }], 3, false))).toBe(bad);
    expect(codeOf(() => encodeSharedTimestampTable([{ canonical: 0, members: [0] }], 3, false))).toBe(bad);
    expect(codeOf(() => encodeSharedTimestampTable([{ canonical: 0, members: [1] }, { canonical: 1, members: [2] }], 3, false))).toBe(bad);
  });
  it('apply with a shorter index → INVALID_INDEX_ENTRY_SIZE', () => {
    const idx = { length: 1, tsOffsets: new Uint32Array(1), tsLengths: new Uint32Array(1) };
    expect(codeOf(() => applySharedTimestampTable([{ canonical: 0, members: [1] }], idx))).toBe(MeboErrorCode.InvalidIndexEntrySize);
  });
});
