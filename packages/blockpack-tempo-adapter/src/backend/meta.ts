import { TempoError, TempoErrorCode } from '../errors.js';
import { isValidBlockId, isValidTenant } from './ids.js';

/** The encoding written in meta.json (tempo-api.md §3). `vBlockpack1` is accepted when reading. */
export const BLOCK_FORMAT = 'vblockpack';
export const DATA_FILE_NAME = 'data.blockpack';
export const META_FILE_NAME = 'meta.json';
export const COMPACTED_META_FILE_NAME = 'meta.compacted.json';

/** Block metadata as in meta.json (tempo-api.md §5), times as nanosecond bigints. */
export interface BlockMeta {
  readonly blockID: string;
  readonly tenantID: string;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  /** Distinct traces in the block. */
  readonly totalObjects: number;
  /** Exact byte length of data.blockpack (0 for WAL metas, where it is omitted). */
  readonly size: number;
  readonly compactionLevel: number;
  /** Spans in the block (not a meta.json field; kept in our own key `spanCount`, ignored by Go). */
  readonly spanCount?: number;
}

/** RFC3339 in UTC with a trimmed fraction, as Go's RFC3339Nano. */
export function formatRfc3339Nano(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const base = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  if (frac === 0n) return base + 'Z';
  return `${base}.${frac.toString().padStart(9, '0').replace(/0+$/, '')}Z`;
}

const RFC3339_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses RFC3339 (optional fraction, any offset) to nanoseconds; undefined when invalid. */
export function parseRfc3339Nano(text: string): bigint | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(m[1]! + (m[3] === 'Z' ? 'Z' : m[3]!));
  if (!Number.isFinite(ms)) return undefined;
  const frac = BigInt((m[2] ?? '').padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + frac;
}

/** meta.json text; `size` omitted when 0 (WAL metas). */
export function metaToJson(meta: BlockMeta): string {
  const o: Record<string, unknown> = {
    format: BLOCK_FORMAT,
    blockID: meta.blockID,
    tenantID: meta.tenantID,
    startTime: formatRfc3339Nano(meta.startTimeUnixNano),
    endTime: formatRfc3339Nano(meta.endTimeUnixNano),
    totalObjects: meta.totalObjects,
  };
  if (meta.size > 0) o['size'] = meta.size;
  o['compactionLevel'] = meta.compactionLevel;
  o['indexPageSize'] = 0;
  // Tempo's frontend sharder skips blocks with totalRecords 0; the whole file is one job.
  o['totalRecords'] = 1;
  o['bloomShards'] = 0;
  o['footerSize'] = 0;
  o['replicationFactor'] = 1;
  if (meta.spanCount !== undefined) o['spanCount'] = meta.spanCount;
  return JSON.stringify(o);
}

function bad(msg: string): never {
  throw new TempoError(TempoErrorCode.CorruptData, `invalid meta.json: ${msg}`);
}

function int(o: Record<string, unknown>, key: string, required: boolean): number {
  const v = o[key];
  if (v === undefined && !required) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad(`${key} must be a non-negative integer`);
  return v;
}

/**
 * Parses meta.json. Unknown keys are ignored; format must be vblockpack (or vBlockpack1, any case).
 * @throws TempoError CORRUPT_DATA
 */
export function parseMeta(text: string): BlockMeta {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    bad((e as Error).message);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) bad('not an object');
  const m = o as Record<string, unknown>;
  const format = String(m['format'] ?? m['version'] ?? '').toLowerCase();
  if (format !== BLOCK_FORMAT && format !== 'vblockpack1') bad(`format ${JSON.stringify(m['format'])} is not vblockpack`);
  const blockID = m['blockID'];
  const tenantID = m['tenantID'];
  if (typeof blockID !== 'string' || !isValidBlockId(blockID)) bad('blockID must be a lower-case UUID');
  if (typeof tenantID !== 'string' || !isValidTenant(tenantID)) bad('tenantID is invalid');
  const start = typeof m['startTime'] === 'string' ? parseRfc3339Nano(m['startTime']) : undefined;
  const end = typeof m['endTime'] === 'string' ? parseRfc3339Nano(m['endTime']) : undefined;
  if (start === undefined || end === undefined) bad('startTime/endTime must be RFC3339');
  const spanCount = m['spanCount'];
  return {
    blockID,
    tenantID,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    totalObjects: int(m, 'totalObjects', false),
    size: int(m, 'size', false),
    compactionLevel: int(m, 'compactionLevel', false),
    ...(typeof spanCount === 'number' && Number.isSafeInteger(spanCount) ? { spanCount } : {}),
  };
}
