import { gunzipSync, gzipSync } from 'node:zlib';
import { loadZstd } from '@blockpack/core';
import { TempoError, TempoErrorCode } from '../errors.js';
import { pb } from '../proto/schema.js';
import { BLOCK_FORMAT, formatRfc3339Nano, metaToJson, parseMeta } from './meta.js';
import type { BlockMeta } from './meta.js';

// The tenant index (tempo-api.md §7) in both forms Tempo reads: `index.pb.zst` (zstd frame of
// backend.v1.TenantIndex, tried first) and `index.json.gz`. Writing only one while a stale other
// exists would hide blocks from Go Tempo, so the adapter always writes both.

export const TENANT_INDEX_PB = 'index.pb.zst';
export const TENANT_INDEX_JSON = 'index.json.gz';
/** Largest decompressed tenant index read. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

interface Ts {
  seconds: { low: number; high: number };
  nanos: number;
}

function ts(ns: bigint): Ts {
  const s = ns / 1_000_000_000n;
  return { seconds: { low: Number(s & 0xffffffffn) | 0, high: Number(s >> 32n) | 0 }, nanos: Number(ns % 1_000_000_000n) };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs messages are untyped objects */
function fromTs(t: any): bigint {
  if (!t) return 0n;
  const sec = typeof t.seconds === 'number' ? BigInt(t.seconds) : BigInt.asIntN(64, (BigInt(t.seconds.high >>> 0) << 32n) | BigInt(t.seconds.low >>> 0));
  return sec * 1_000_000_000n + BigInt(t.nanos ?? 0);
}

function long(v: any): number {
  if (v == null) return 0;
  if (typeof v === 'number') return v;
  return (v.high >>> 0) * 0x1_0000_0000 + (v.low >>> 0);
}

function uuidBytes(id: string): Uint8Array {
  return new Uint8Array(Buffer.from(id.replace(/-/g, ''), 'hex'));
}

function uuidText(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The protobuf form, before zstd. */
export function encodeTenantIndexPb(metas: readonly BlockMeta[], createdAtNs: bigint): Uint8Array {
  return pb.TenantIndex.encode({
    created_at: ts(createdAtNs),
    meta: metas.map((m) => ({
      version: BLOCK_FORMAT,
      block_id: uuidBytes(m.blockID),
      tenant_id: m.tenantID,
      start_time: ts(m.startTimeUnixNano),
      end_time: ts(m.endTimeUnixNano),
      total_objects: { low: m.totalObjects | 0, high: Math.floor(m.totalObjects / 0x1_0000_0000) },
      size: { low: m.size | 0, high: Math.floor(m.size / 0x1_0000_0000) },
      compaction_level: m.compactionLevel,
      index_page_size: 0,
      total_records: 1,
      bloom_shard_count: 0,
      footer_size: 0,
      replication_factor: 1,
    })),
  }).finish();
}

/**
 * Decodes the protobuf form (after zstd) into metas.
 * @throws TempoError CORRUPT_DATA
 */
export function decodeTenantIndexPb(bytes: Uint8Array): { createdAtNs: bigint; metas: BlockMeta[] } {
  let msg: any;
  try {
    msg = pb.TenantIndex.decode(bytes);
  } catch (e) {
    throw new TempoError(TempoErrorCode.CorruptData, `invalid tenant index: ${(e as Error).message}`);
  }
  const metas = (msg.meta ?? []).map(
    (m: any): BlockMeta => ({
      blockID: uuidText(m.block_id ?? new Uint8Array(16)),
      tenantID: m.tenant_id ?? '',
      startTimeUnixNano: fromTs(m.start_time),
      endTimeUnixNano: fromTs(m.end_time),
      totalObjects: long(m.total_objects),
      size: long(m.size),
      compactionLevel: m.compaction_level ?? 0,
    }),
  );
  return { createdAtNs: fromTs(msg.created_at), metas };
}

/** Both files' bytes for a set of live metas. */
export async function buildTenantIndex(metas: readonly BlockMeta[], createdAtNs: bigint): Promise<{ pbZst: Uint8Array; jsonGz: Uint8Array }> {
  const zstd = await loadZstd();
  const json = `{"created_at":${JSON.stringify(formatRfc3339Nano(createdAtNs))},"meta":[${metas.map(metaToJson).join(',')}],"compacted":[]}`;
  return { pbZst: zstd.compress(encodeTenantIndexPb(metas, createdAtNs)), jsonGz: gzipSync(json) };
}

/** Reads `index.json.gz` bytes into metas. @throws TempoError CORRUPT_DATA */
export function parseTenantIndexJson(gz: Uint8Array): BlockMeta[] {
  let o: any;
  try {
    o = JSON.parse(gunzipSync(gz, { maxOutputLength: MAX_INDEX_BYTES }).toString('utf8'));
  } catch (e) {
    throw new TempoError(TempoErrorCode.CorruptData, `invalid tenant index: ${(e as Error).message}`);
  }
  return (Array.isArray(o?.meta) ? o.meta : []).map((m: unknown) => parseMeta(JSON.stringify(m)));
}

/** Reads `index.pb.zst` bytes. @throws TempoError CORRUPT_DATA */
export async function parseTenantIndexPbZst(zst: Uint8Array): Promise<BlockMeta[]> {
  const zstd = await loadZstd();
  let raw: Uint8Array;
  try {
    raw = zstd.decompress(zst, MAX_INDEX_BYTES);
  } catch (e) {
    throw new TempoError(TempoErrorCode.CorruptData, `invalid tenant index: ${(e as Error).message}`);
  }
  return decodeTenantIndexPb(raw).metas;
}
