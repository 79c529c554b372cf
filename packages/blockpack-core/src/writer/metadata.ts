import { ByteWriter } from '../shared/bytes.js';
import {
  BLOCK_KIND_LEAF,
  COMPACT_INDEX_MAGIC,
  COMPACT_INDEX_VERSION,
  FILE_VERSION,
  FOOTER_V4_SIZE,
  FOOTER_VERSION_V4,
  MAGIC,
  SIGNAL_TRACES,
  TRACE_INDEX_FORMAT_V2,
  TS_INDEX_MAGIC,
  TS_INDEX_VERSION,
} from '../shared/constants.js';
import { addTraceIdToBloom, traceIdBloomSize } from '../shared/trace-id-bloom.js';

/** What the writer remembers about each block it wrote. */
export interface BlockIndexEntry {
  offset: number;
  length: number;
  spanCount: number;
  minStart: bigint;
  maxStart: bigint;
}

/** One trace of the trace block index: its id and the ascending ids of the blocks holding it. */
export interface TraceEntry {
  id: Uint8Array;
  blocks: number[];
}

/** Block index (spec 7.4): `block_count u32` then 37-byte entries in block-id order. */
export function writeBlockIndex(w: ByteWriter, blocks: BlockIndexEntry[]): void {
  w.u32(blocks.length);
  for (const b of blocks) {
    w.u64(b.offset);
    w.u64(b.length);
    w.u8(BLOCK_KIND_LEAF);
    w.u32(b.spanCount);
    w.bigU64(b.minStart);
    w.bigU64(b.maxStart);
  }
}

/** Column-index stub (spec 7.6): one `u32 0` per block. */
export function writeColumnIndexStub(w: ByteWriter, blockCount: number): void {
  for (let i = 0; i < blockCount; i++) w.u32(0);
}

/** Trace block index, format 2 (spec 7.7). `traces` must be sorted by id. */
export function writeTraceBlockIndex(w: ByteWriter, traces: TraceEntry[]): void {
  w.u8(TRACE_INDEX_FORMAT_V2);
  w.u32(traces.length);
  for (const t of traces) {
    w.bytes(t.id);
    w.u16(t.blocks.length);
    for (const b of t.blocks) w.u16(b);
  }
}

/** Timestamp index (spec 7.8), sorted by min_ts (ties by block id). */
export function writeTsIndex(w: ByteWriter, blocks: BlockIndexEntry[]): void {
  w.u32(TS_INDEX_MAGIC);
  w.u8(TS_INDEX_VERSION);
  w.u32(blocks.length);
  const order = blocks.map((_, i) => i).sort((a, b) => {
    const x = blocks[a].minStart;
    const y = blocks[b].minStart;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  for (const i of order) {
    w.bigU64(blocks[i].minStart);
    w.bigU64(blocks[i].maxStart);
    w.u32(i);
  }
}

/** File header (spec 6), 22 bytes. */
export function encodeFileHeader(metadataOffset: number, metadataLen: number): Uint8Array {
  const w = new ByteWriter(22);
  w.u32(MAGIC);
  w.u8(FILE_VERSION);
  w.u64(metadataOffset);
  w.u64(metadataLen);
  w.u8(SIGNAL_TRACES);
  return w.finish();
}

/** Compact trace index (spec 14), version 2. */
export function encodeCompactTraceIndex(blocks: BlockIndexEntry[], traceIndex: Uint8Array, traces: TraceEntry[]): Uint8Array {
  const bloom = new Uint8Array(traceIdBloomSize(traces.length));
  for (const t of traces) addTraceIdToBloom(bloom, t.id);
  const w = new ByteWriter(13 + bloom.length + blocks.length * 12 + traceIndex.length);
  w.u32(COMPACT_INDEX_MAGIC);
  w.u8(COMPACT_INDEX_VERSION);
  w.u32(blocks.length);
  w.u32(bloom.length);
  w.bytes(bloom);
  for (const b of blocks) {
    w.u64(b.offset);
    w.u32(b.length);
  }
  w.bytes(traceIndex);
  return w.finish();
}

/** Footer v4 (spec 5.1), 34 bytes. */
export function encodeFooterV4(headerOffset: number, compactOffset: number, compactLen: number, intrinsicOffset: number, intrinsicLen: number): Uint8Array {
  const w = new ByteWriter(FOOTER_V4_SIZE);
  w.u16(FOOTER_VERSION_V4);
  w.u64(headerOffset);
  w.u64(compactOffset);
  w.u32(compactLen);
  w.u64(intrinsicOffset);
  w.u32(intrinsicLen);
  return w.finish();
}

/**
 * The probe-hazard guard (spec 5.3): when the two bytes 12 before the footer read `05 00`, a Go
 * reader would take the v4 footer for v5, so 12 zero bytes go in front of the footer.
 */
export function needsFooterGuard(tail: Uint8Array): boolean {
  const n = tail.length;
  return n >= 12 && tail[n - 12] === 5 && tail[n - 11] === 0;
}
