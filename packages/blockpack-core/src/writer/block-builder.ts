import { ByteWriter, compareBytes, utf8 } from '../shared/bytes.js';
import { BLOCK_HEADER_SIZE, BLOCK_VERSION, Col, ColumnType, MAGIC, MAX_STRING_LEN, SPAN_ATTR_PREFIX } from '../shared/constants.js';
import type { ZstdCodec } from '../shared/zstd.js';
import type { OtlpKeyValue, OtlpSpan } from '../otlp/model.js';
import type { Cell } from './span-row.js';
import { nameFits, spanAttributeCells, spanExtBlob } from './span-row.js';
import type { ColumnValues } from './encoding-dict.js';
import { buildDictionary, bytesKey, compressSection, encodeDeltaDictionaryColumn, encodeDictionaryColumn } from './encoding-dict.js';
import { encodeInlinePrefixColumn } from './encoding-prefix.js';
import { encodeDeltaUint64Column, preferDelta } from './encoding-delta.js';
import { canUseXor, encodeXorColumn } from './encoding-xor.js';

/** A span waiting in the writer's batch, with the cells of its resource and scope. */
export interface PendingSpan {
  span: OtlpSpan;
  resource: Cell[];
  scope: Cell[];
  /** `resource.service.name` (empty when absent): the primary sort key. */
  service: string;
  /** The trace id as a latin1 string: compares bytewise, keys the trace index. */
  traceKey: string;
  /** Attribute key set, a secondary sort key (clusters presence). */
  shape: string;
  /** Resource identity (its cells), a sort key after shape and name. */
  resKey: string;
}

/** What a block reports per column for the range index: sorted distinct range keys, or just min and max. */
export interface ColumnStats {
  name: string;
  type: ColumnType;
  /** All distinct keys ascending (dictionary columns), or [min, max] (others); empty when none. */
  keys: Uint8Array[];
  /** True when `keys` holds every distinct value. */
  complete: boolean;
}

export interface BuiltBlock {
  bytes: Uint8Array;
  spanCount: number;
  minStart: bigint;
  maxStart: bigint;
  columns: ColumnStats[];
}

class ColumnSet {
  private readonly byName = new Map<string, (ColumnValues | undefined)[]>();
  readonly list: { name: string; col: ColumnValues }[] = [];
  constructor(private readonly rows: number) {}

  /** The (name, type) column, created on first use. */
  column(name: string, type: ColumnType): ColumnValues {
    let byType = this.byName.get(name);
    if (byType === undefined) {
      byType = [];
      this.byName.set(name, byType);
    }
    let col = byType[type];
    if (col === undefined) {
      col = { type, rows: this.rows, present: new Uint8Array(this.rows), presentCount: 0, values: new Array(this.rows) };
      byType[type] = col;
      this.list.push({ name, col });
    }
    return col;
  }

  set(name: string, type: ColumnType, row: number, value: unknown): void {
    put(this.column(name, type), row, value);
  }

  cells(row: number, cells: Cell[]): void {
    for (let i = 0; i < cells.length; i++) this.set(cells[i].name, cells[i].type, row, cells[i].value);
  }
}

function put(col: ColumnValues, row: number, value: unknown): void {
  if (col.present[row]) return; // one value per (row, name, type); splitAttributes prevents this
  col.present[row] = 1;
  col.presentCount++;
  col.values[row] = value;
}

/** Small enum values as bigints, allocated once. */
const SMALL_BIGINTS = Array.from({ length: 16 }, (_, i) => BigInt(i));
function smallBig(v: number): bigint {
  return v >= 0 && v < 16 ? SMALL_BIGINTS[v] : BigInt(v);
}

const NO_ATTRS: OtlpKeyValue[] = [];
/** Longest string value taken on the fast path (3 UTF-8 bytes per UTF-16 unit at most). */
const FAST_STRING_MAX = Math.floor(MAX_STRING_LEN / 3);

/**
 * Puts a span's attributes into their `span.*` columns when every one is a scalar that maps one
 * to one to a column; returns false at the first one that does not (the caller then takes the
 * general path). `cols` caches attribute key → columns by type for the block.
 */
function putScalarAttributes(cols: Map<string, (ColumnValues | undefined)[]>, cs: ColumnSet, row: number, attrs: OtlpKeyValue[]): boolean {
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i];
    const v = kv.value;
    let type: ColumnType;
    let value: unknown;
    if ('stringValue' in v) {
      if (v.stringValue.length > FAST_STRING_MAX) return false;
      type = ColumnType.String;
      value = v.stringValue;
    } else if ('intValue' in v) {
      type = ColumnType.Int64;
      value = v.intValue;
    } else if ('doubleValue' in v) {
      type = ColumnType.Float64;
      value = v.doubleValue;
    } else if ('boolValue' in v) {
      type = ColumnType.Bool;
      value = v.boolValue;
    } else if ('bytesValue' in v) {
      if (v.bytesValue.length > MAX_STRING_LEN) return false;
      type = ColumnType.Bytes;
      value = v.bytesValue;
    } else return false;
    let byType = cols.get(kv.key);
    if (byType === undefined) {
      const name = SPAN_ATTR_PREFIX + kv.key;
      if (!nameFits(name)) return false;
      byType = [];
      cols.set(kv.key, byType);
    }
    let col = byType[type];
    if (col === undefined) {
      col = cs.column(SPAN_ATTR_PREFIX + kv.key, type);
      byType[type] = col;
    }
    if (col.present[row]) return false; // a second value for this column
    col.present[row] = 1;
    col.presentCount++;
    col.values[row] = value;
  }
  return true;
}

function isIdColumn(name: string): boolean {
  return name === Col.SpanId || name === Col.ParentId || name.endsWith('.id') || name.endsWith('_id') || name.endsWith('-id');
}

/**
 * Encodes one column. Follows Go's table (spec 9.15) for `trace:id` and times; String columns
 * take the smaller of dictionary and RLE dictionary; other Bytes columns the smallest of those,
 * XOR (ids of equal length), delta dictionary (zstd'd indexes) and inline prefix bytes.
 */
export function encodeColumn(name: string, col: ColumnValues, zstd: ZstdCodec, w: ByteWriter): Omit<ColumnStats, 'name' | 'type'> {
  switch (col.type) {
    case ColumnType.Uint64: {
      if (preferDelta(col)) {
        encodeDeltaUint64Column(col, zstd, w);
        return minMaxU64(col);
      }
      const dict = buildDictionary(col);
      encodeDictionaryColumn(col, zstd, w, true, dict);
      return { keys: dict.keys ?? [], complete: true };
    }
    case ColumnType.String:
    case ColumnType.Bytes: {
      if (name === Col.TraceId) {
        encodeDeltaDictionaryColumn(col, zstd, w);
        return { keys: [], complete: false };
      }
      if (name === Col.SpanId && canUseXor(col)) {
        // Span ids are unique: a dictionary never wins, so skip building one (Go's choice).
        encodeXorColumn(col, zstd, w);
        return minMaxBytes(col);
      }
      if (col.type === ColumnType.Bytes && isIdColumn(name) && mostlyDistinct(col) && canUseXor(col)) {
        // Ids such as span:parent_id: a dictionary loses to XOR or inline bytes here, so skip
        // building one. More than EXACT_MAX distinct keys: the range index keeps only min and max.
        const x = new ByteWriter(col.presentCount * 12 + 64);
        encodeXorColumn(col, zstd, x);
        let best = x.finish();
        const c = new ByteWriter(best.length + 64);
        encodeInlinePrefixColumn(col, zstd, c);
        if (c.pos < best.length) best = c.finish();
        w.bytes(best);
        return minMaxBytes(col);
      }
      const dict = buildDictionary(col);
      const body = compressSection(zstd, dict.body);
      const a = new ByteWriter(body.length + col.rows * 2 + 64);
      encodeDictionaryColumn(col, zstd, a, false, dict, body);
      let best = a.finish();
      if (col.type === ColumnType.Bytes && isIdColumn(name) && canUseXor(col)) {
        const x = new ByteWriter(best.length + 64);
        encodeXorColumn(col, zstd, x);
        if (x.pos < best.length) best = x.finish();
      }
      // Go reads String columns only through dictionary kinds (1, 2, 6, 7): a String column stored
      // as delta dictionary or prefix bytes opens, but Go's value accessors return nothing for it.
      if (col.type === ColumnType.Bytes && dict.size > 3) {
        const b = new ByteWriter(best.length + 64);
        encodeDeltaDictionaryColumn(col, zstd, b, dict, body);
        if (b.pos < best.length) best = b.finish();
        if (dict.size * 4 > col.presentCount) {
          const c = new ByteWriter(best.length + 64);
          encodeInlinePrefixColumn(col, zstd, c);
          if (c.pos < best.length) best = c.finish();
        }
      }
      w.bytes(best);
      return { keys: dict.keys ?? [], complete: true };
    }
    default: {
      const dict = buildDictionary(col);
      encodeDictionaryColumn(col, zstd, w, false, dict);
      return { keys: dict.keys ?? [], complete: true };
    }
  }
}

/**
 * True when the first 256 present values hold more than 200 distinct ones: then the block has
 * more distinct keys than the range index's exact path takes (100), so min and max are all the
 * index needs, and a dictionary (an entry per value plus an index per row) does not pay.
 */
function mostlyDistinct(col: ColumnValues): boolean {
  if (col.presentCount < 256) return false;
  const seen = new Set<string>();
  for (let r = 0, k = 0; r < col.rows && k < 256; r++) {
    if (!col.present[r]) continue;
    seen.add(bytesKey(col.values[r] as Uint8Array));
    k++;
  }
  return seen.size > 200;
}

function minMaxU64(col: ColumnValues): Omit<ColumnStats, 'name' | 'type'> {
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const v = col.values[r] as bigint;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  if (min === undefined || max === undefined) return { keys: [], complete: true };
  const a = new Uint8Array(8);
  const b = new Uint8Array(8);
  new DataView(a.buffer).setBigUint64(0, min, true);
  new DataView(b.buffer).setBigUint64(0, max, true);
  return { keys: min === max ? [a] : [a, b], complete: min === max };
}

function minMaxBytes(col: ColumnValues): Omit<ColumnStats, 'name' | 'type'> {
  let min: Uint8Array | undefined;
  let max: Uint8Array | undefined;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const v = col.values[r] as Uint8Array;
    if (min === undefined || compareBytes(v, min) < 0) min = v;
    if (max === undefined || compareBytes(v, max) > 0) max = v;
  }
  if (min === undefined || max === undefined) return { keys: [], complete: true };
  return { keys: compareBytes(min, max) === 0 ? [min] : [min, max], complete: false };
}

/** Builds one v12 block from rows already in their final order. */
export function buildBlock(rows: PendingSpan[], zstd: ZstdCodec): BuiltBlock {
  const n = rows.length;
  const cs = new ColumnSet(n);
  let minStart = 0n;
  let maxStart = 0n;
  // Intrinsic columns are looked up once per block, and created on first use (a column with no
  // present row is not written).
  const traceCol = cs.column(Col.TraceId, ColumnType.Bytes);
  const kindCol = cs.column(Col.Kind, ColumnType.Int64);
  const startCol = cs.column(Col.Start, ColumnType.Uint64);
  const endCol = cs.column(Col.End, ColumnType.Uint64);
  const durCol = cs.column(Col.Duration, ColumnType.Uint64);
  const statusCol = cs.column(Col.Status, ColumnType.Int64);
  let spanIdCol: ColumnValues | undefined;
  let parentCol: ColumnValues | undefined;
  let nameCol: ColumnValues | undefined;
  const attrCols = new Map<string, (ColumnValues | undefined)[]>();
  let lastRes: Cell[] = [];
  let resCols: ColumnValues[] = [];
  let lastScope: Cell[] = [];
  let scopeCols: ColumnValues[] = [];
  for (let r = 0; r < n; r++) {
    const p = rows[r];
    const s = p.span;
    put(traceCol, r, s.traceId);
    if (s.spanId.length > 0) put((spanIdCol ??= cs.column(Col.SpanId, ColumnType.Bytes)), r, s.spanId);
    if (s.parentSpanId.length > 0) put((parentCol ??= cs.column(Col.ParentId, ColumnType.Bytes)), r, s.parentSpanId);
    if (s.name !== '') put((nameCol ??= cs.column(Col.Name, ColumnType.String)), r, s.name);
    put(kindCol, r, smallBig(s.kind));
    const st = s.startTimeUnixNano;
    const en = s.endTimeUnixNano;
    put(startCol, r, st);
    put(endCol, r, en);
    put(durCol, r, en >= st ? en - st : 0n);
    put(statusCol, r, smallBig(s.status.code));
    if (s.status.message !== '') cs.set(Col.StatusMessage, ColumnType.String, r, s.status.message);
    if (s.traceState !== '') cs.set(Col.TraceState, ColumnType.String, r, s.traceState);
    // Fast path: scalar attributes straight into their columns. Anything else (a non-scalar or
    // huge value, a long name, a second value for one column) takes the general path, which
    // re-sets the same leading cells (ignored: already present) and keeps the rest in the blob.
    let blob: Uint8Array | undefined;
    if (putScalarAttributes(attrCols, cs, r, s.attributes)) blob = spanExtBlob(s, NO_ATTRS, NO_ATTRS);
    else {
      const split = spanAttributeCells(s, SPAN_ATTR_PREFIX);
      cs.cells(r, split.cells);
      blob = split.blob;
    }
    if (blob !== undefined) cs.set(Col.OtlpSpan, ColumnType.Bytes, r, blob);
    // Rows are sorted by resource: resolve a resource's (or scope's) columns once per run.
    if (p.resource !== lastRes) {
      lastRes = p.resource;
      resCols = lastRes.map((c) => cs.column(c.name, c.type));
    }
    for (let i = 0; i < resCols.length; i++) put(resCols[i], r, lastRes[i].value);
    if (p.scope !== lastScope) {
      lastScope = p.scope;
      scopeCols = lastScope.map((c) => cs.column(c.name, c.type));
    }
    for (let i = 0; i < scopeCols.length; i++) put(scopeCols[i], r, lastScope[i].value);
    if (r === 0 || st < minStart) minStart = st;
    if (r === 0 || st > maxStart) maxStart = st;
  }

  const cols = cs.list.map((c) => ({ ...c, nameBytes: utf8(c.name) }));
  cols.sort((a, b) => compareBytes(a.nameBytes, b.nameBytes) || a.col.type - b.col.type);

  const blobs = new ByteWriter(n * 64 + 1024);
  const spans: { start: number; len: number }[] = [];
  const stats: ColumnStats[] = [];
  for (const c of cols) {
    const start = blobs.pos;
    const st = encodeColumn(c.name, c.col, zstd, blobs);
    stats.push({ name: c.name, type: c.col.type, ...st });
    spans.push({ start, len: blobs.pos - start });
  }
  let dirSize = 0;
  for (const c of cols) dirSize += 2 + c.nameBytes.length + 1 + 8 + 8;
  const dataStart = BLOCK_HEADER_SIZE + dirSize;
  const w = new ByteWriter(dataStart + blobs.pos);
  w.u32(MAGIC);
  w.u8(BLOCK_VERSION);
  w.u8(0);
  w.u8(0);
  w.u8(0);
  w.u32(n);
  w.u32(cols.length);
  w.u64(0);
  for (let i = 0; i < cols.length; i++) {
    w.u16(cols[i].nameBytes.length);
    w.bytes(cols[i].nameBytes);
    w.u8(cols[i].col.type);
    w.u64(dataStart + spans[i].start);
    w.u64(spans[i].len);
  }
  w.bytes(blobs.finish());
  return {
    bytes: w.finish(),
    spanCount: n,
    minStart,
    maxStart,
    columns: stats,
  };
}
