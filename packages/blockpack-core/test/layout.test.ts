// Hand-checked byte layouts, written from the spec's tables (not from our own encoder's output):
// file header (spec 6), footer v4 (5.1), block index entry (7.4), trace block index (7.7),
// timestamp index (7.8), compact trace index with its bloom (14), block header (8.1).
import { BlockpackReader, storeOnlyZstd, toHex, writeBlockpack } from '../src/index.js';
import {
  encodeCompactTraceIndex,
  encodeFileHeader,
  encodeFooterV4,
  needsFooterGuard,
  writeBlockIndex,
  writeTraceBlockIndex,
  writeTsIndex,
} from '../src/writer/metadata.js';
import { ByteReader, ByteWriter, fromHex } from '../src/shared/bytes.js';
import { footerCandidates, parseFileHeader } from '../src/reader/footer.js';
import { parseBlockIndex, parseCompactTraceIndex, parseTraceBlockIndex, parseTsIndex, lookupTraceBlocks } from '../src/reader/metadata.js';
import { addTraceIdToBloom, testTraceIdBloom, traceIdBloomSize } from '../src/shared/trace-id-bloom.js';

const hex = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''))!;

describe('file header (22 bytes)', () => {
  // magic A1 FE 11 C0 · version 0D · metadata_offset u64 · metadata_len u64 · signal 01
  const bytes = hex('a1fe11c0 0d 3412000000000000 5600000000000000 01');
  test('encode', () => expect(toHex(encodeFileHeader(0x1234, 0x56))).toBe(toHex(bytes)));
  test('parse', () => expect(parseFileHeader(bytes, 0, 0x10000)).toEqual({ version: 13, metadataOffset: 0x1234, metadataLen: 0x56, signalType: 1 }));
});

describe('footer v4 (34 bytes)', () => {
  // version 0400 · header_offset · compact_offset · compact_len u32 · intrinsic_offset · intrinsic_len u32
  const bytes = hex('0400 0001000000000000 1601000000000000 a0000000 0000000000000000 00000000');
  test('encode', () => expect(toHex(encodeFooterV4(0x100, 0x116, 0xa0, 0, 0))).toBe(toHex(bytes)));
  test('detect in a file tail', () => {
    const size = 0x116 + 0xa0 + 34;
    const f = footerCandidates(bytes, size);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ version: 4, start: size - 34, headerOffset: 0x100, compactOffset: 0x116, compactLen: 0xa0 });
  });
  test('the probe guard fires on 05 00 twelve bytes before the footer', () => {
    expect(needsFooterGuard(hex('0500 00000000000000000000'))).toBe(true);
    expect(needsFooterGuard(hex('0600 00000000000000000000'))).toBe(false);
  });
});

describe('block index entry (37 bytes)', () => {
  // offset u64 · length u64 · kind 00 · span_count u32 · min_start u64 · max_start u64
  const bytes = hex('0000000000000000 2a00000000000000 00 02000000 0100000000000000 0200000000000000');
  const entry = { offset: 0, length: 42, spanCount: 2, minStart: 1n, maxStart: 2n };
  test('encode', () => {
    const w = new ByteWriter();
    writeBlockIndex(w, [entry]);
    expect(toHex(w.finish())).toBe('01000000' + toHex(bytes));
  });
  test('parse', () => {
    const r = new ByteReader(hex('01000000' + toHex(bytes)));
    expect(parseBlockIndex(r, 100)).toEqual([{ id: 0, ...entry }]);
  });
});

describe('trace block index, format 0x02', () => {
  const idA = hex('00000000000000000000000000000001');
  const idB = hex('ff000000000000000000000000000000');
  // fmt 02 · trace_count u32 · (trace_id[16] · n u16 · block_id u16 × n) × count
  const bytes = hex(`02 02000000 ${toHex(idA)} 0100 0000 ${toHex(idB)} 0200 0000 0100`);
  test('encode', () => {
    const w = new ByteWriter();
    writeTraceBlockIndex(w, [
      { id: idA, blocks: [0] },
      { id: idB, blocks: [0, 1] },
    ]);
    expect(toHex(w.finish())).toBe(toHex(bytes));
  });
  test('parse and look up', () => {
    const ti = parseTraceBlockIndex(new ByteReader(bytes), 2);
    expect(ti.count).toBe(2);
    expect(lookupTraceBlocks(ti, idB)).toEqual([0, 1]);
    expect(lookupTraceBlocks(ti, idA)).toEqual([0]);
    expect(lookupTraceBlocks(ti, new Uint8Array(16))).toEqual([]);
  });
  test('format 0x01 (read only): span indices are skipped', () => {
    // trace_id · n=1 · block_id 0001 · span_count 0002 · spans 0000 0100
    const v1 = hex(`01 01000000 ${toHex(idA)} 0100 0100 0200 0000 0100`);
    expect(lookupTraceBlocks(parseTraceBlockIndex(new ByteReader(v1), 2), idA)).toEqual([1]);
  });
});

describe('timestamp index', () => {
  // magic ED FE 11 C0 · version 01 · count u32 · (min_ts u64 · max_ts u64 · block_id u32), sorted by min_ts
  const bytes = hex('edfe11c0 01 02000000 0500000000000000 0600000000000000 01000000 0900000000000000 0a00000000000000 00000000');
  test('encode sorts by min_ts', () => {
    const w = new ByteWriter();
    writeTsIndex(w, [
      { offset: 0, length: 1, spanCount: 1, minStart: 9n, maxStart: 10n },
      { offset: 1, length: 1, spanCount: 1, minStart: 5n, maxStart: 6n },
    ]);
    expect(toHex(w.finish())).toBe(toHex(bytes));
  });
  test('parse', () => {
    expect(parseTsIndex(new ByteReader(bytes))).toEqual([
      { minTs: 5n, maxTs: 6n, blockId: 1 },
      { minTs: 9n, maxTs: 10n, blockId: 0 },
    ]);
  });
});

describe('compact trace index v2 and its bloom', () => {
  // trace id 01 00…00: h1 = 1, h2 = 0 | 1 = 1 → bits 1…7 of a 1,024-bit bloom → byte 0 = 0xFE.
  const id = hex('01000000000000000000000000000000');
  test('bloom bits by hand', () => {
    expect(traceIdBloomSize(0)).toBe(128);
    expect(traceIdBloomSize(1000)).toBe(1250);
    const bloom = new Uint8Array(128);
    addTraceIdToBloom(bloom, id);
    expect(bloom[0]).toBe(0xfe);
    expect(bloom.subarray(1).every((b) => b === 0)).toBe(true);
    expect(testTraceIdBloom(bloom, id)).toBe(true);
    expect(testTraceIdBloom(bloom, hex('02000000000000000000000000000000'))).toBe(false);
  });
  test('encode', () => {
    const ti = new ByteWriter();
    writeTraceBlockIndex(ti, [{ id, blocks: [0] }]);
    const bytes = encodeCompactTraceIndex([{ offset: 0, length: 0x40, spanCount: 1, minStart: 0n, maxStart: 0n }], ti.finish(), [{ id, blocks: [0] }]);
    // magic DE C1 1D C0 · version 02 · block_count u32 · bloom_bytes u32 · bloom · (offset u64 · length u32) × blocks · trace index
    const want = `dec11dc0 02 01000000 80000000 fe${'00'.repeat(127)} 0000000000000000 40000000 02 01000000 ${toHex(id)} 0100 0000`;
    expect(toHex(bytes)).toBe(toHex(hex(want)));
    const c = parseCompactTraceIndex(bytes, 0, 0x1000);
    expect(c.blocks).toEqual([{ offset: 0, length: 0x40 }]);
    expect(lookupTraceBlocks(c.traceIndex, id)).toEqual([0]);
  });
});

describe('a whole small file', () => {
  const tid = hex('0102030405060708090a0b0c0d0e0f10');
  const input = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [{ spans: [{ traceId: tid, spanId: hex('1111111111111111'), name: 'root', kind: 2, startTimeUnixNano: 1000n, endTimeUnixNano: 3000n }] }],
      },
    ],
  };
  test('sections sit where the spec puts them, with the layouts above', async () => {
    const file = await writeBlockpack([input], { zstd: storeOnlyZstd });
    const n = file.length;
    const f = footerCandidates(file.subarray(n - 46), n)[0];
    expect(f.version).toBe(4);
    // block header at offset 0: magic · version 0C · reserved 000000 · span_count 1 · column_count · reserved u64 0
    expect(toHex(file.subarray(0, 8))).toBe('a1fe11c00c000000');
    expect(toHex(file.subarray(8, 12))).toBe('01000000');
    expect(toHex(file.subarray(16, 24))).toBe('0000000000000000');
    // the header sits right after the metadata, the compact index right after the header
    const h = parseFileHeader(file.subarray(f.headerOffset, f.headerOffset + 22), f.headerOffset, n);
    expect(h.metadataOffset + h.metadataLen).toBe(f.headerOffset);
    expect(f.compactOffset).toBe(f.headerOffset + 22);
    expect(f.compactOffset + f.compactLen).toBe(n - 34);
    expect(toHex(file.subarray(f.compactOffset, f.compactOffset + 4))).toBe('dec11dc0');
    const r = await BlockpackReader.open(file, { zstd: storeOnlyZstd });
    expect(r.blocks).toEqual([expect.objectContaining({ id: 0, offset: 0, spanCount: 1, minStart: 1000n, maxStart: 1000n })]);
    expect(r.blocksForTrace(tid)).toEqual([0]);
  });
});
