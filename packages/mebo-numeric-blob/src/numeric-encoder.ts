import {
  ByteWriter,
  CompressionType,
  EncodingType,
  HEADER_SIZE,
  MeboError,
  metricIdOf,
  u64ToHalves,
  MeboErrorCode,
  NumericMagic,
  selectNumericIndexEntrySize,
  writeNumericHeader,
  writeNumericIndex,
  encodeMetricNames,
  sharedTimestampTableSize,
  writeSharedTimestampTable,
} from '@mebo/format';
import type { SharedTimestampGroup } from '@mebo/format';
import { timestampCodec, valueCodec } from './encoding/index.js';
import type { TimestampCodec, ValueCodec } from './encoding/index.js';
import { compressPayload } from './compression.js';
import { encodeTags } from './tag-payload.js';
import { resolveEncoderOptions } from './options.js';
import type { NumericEncoderOptions } from './options.js';
import { dedupSharedTimestamps } from './shared-timestamps.js';

/** Most metrics one blob can hold (Go `blob.MaxMetricCount`). */
export const MAX_METRIC_COUNT = 65536;
const U16_MAX = 0xffff;
const U32_MAX = 0xffff_ffff;
const halves = { hi: 0, lo: 0 };
const AUTO_CANDIDATES = [EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP] as const;

/** One value encoding being written: 'auto' runs four of these side by side and keeps the smallest. */
interface ValueTrack {
  readonly codec: ValueCodec;
  readonly out: ByteWriter;
  readonly offsets: number[];
  valid: boolean;
}

/**
 * Builds one numeric blob, metric by metric, as Go's `blob.NumericEncoder` does:
 * `startMetric(idOrName, n)`, exactly n points, `endMetric()`, then `finish()`. A bigint key is a
 * metric id, a string key a name (hashed with xxHash64); one encoder uses one kind.
 *
 * Every misuse throws a MeboError with Go's code and leaves the encoder as it was, so the caller
 * can correct the call and go on. After a successful `finish()` the encoder is spent.
 */
export class NumericEncoder {
  readonly options: NumericEncoderOptions;
  readonly startTime: number;
  readonly #tsCodec: TimestampCodec;
  readonly #values: ValueTrack[];
  readonly #le: boolean;
  readonly #ts: ByteWriter;
  readonly #tags: ByteWriter;
  readonly #maxPoints: number;

  // finished metrics, in insertion order
  readonly #idHi: number[] = [];
  readonly #idLo: number[] = [];
  readonly #names: string[] = [];
  readonly #counts: number[] = [];
  readonly #tsOffsets: number[] = [];
  readonly #tagOffsets: number[] = [];
  readonly #usedIds = new Set<bigint>();
  readonly #usedNames = new Set<string>();
  #mode: 'id' | 'name' | undefined;
  #sorted = true;
  #collision = false;
  #nonEmptyTags = false;
  #finished = false;

  // the open metric
  #open = false;
  #curId = 0n;
  #curName = '';
  #claimed = 0;
  #n = 0;
  #curTs = new Float64Array(256);
  #curVals = new Float64Array(256);
  #curTags: string[] = [];

  /**
   * @param startTime blob start time, Unix microseconds (a safe integer)
   * @throws MeboError INVALID_ARGUMENT, UNSUPPORTED_ENCODING, UNSUPPORTED_COMPRESSION,
   *   CODEC_NOT_LOADED (a compression is chosen but no codecs were given)
   */
  constructor(startTime: number, options: Readonly<Partial<NumericEncoderOptions>> = {}) {
    if (!Number.isSafeInteger(startTime)) throw invalid(`startTime must be a safe integer (µs), got ${startTime}`);
    this.options = resolveEncoderOptions(options);
    this.startTime = startTime;
    const o = this.options;
    for (const c of [o.timestampCompression, o.valueCompression]) {
      if (c !== CompressionType.None && o.codecs === undefined) {
        throw new MeboError(MeboErrorCode.CodecNotLoaded, 'compressed payloads need codecs: pass { codecs: await loadDefaultCodecs() }');
      }
    }
    this.#le = !o.bigEndian;
    this.#tsCodec = timestampCodec(o.timestampEncoding);
    const encodings = o.valueEncoding === 'auto' ? AUTO_CANDIDATES : [o.valueEncoding];
    this.#values = encodings.map((e) => ({ codec: valueCodec(e), out: new ByteWriter(4096, this.#le), offsets: [], valid: true }));
    this.#ts = new ByteWriter(4096, this.#le);
    this.#tags = new ByteWriter(o.tags ? 1024 : 16, this.#le);
    this.#maxPoints = maxDataPoints(o);
  }

  /** Metrics ended so far. */
  get metricCount(): number {
    return this.#counts.length;
  }

  /** Most points one metric may hold with these options (Go `MaxDataPoints`). */
  get maxDataPoints(): number {
    return this.#maxPoints;
  }

  /**
   * Opens a metric that will hold exactly `count` points.
   * @param key a metric id (bigint, 1 … 2^64−1) or a metric name (non-empty string)
   * @throws MeboError METRIC_ALREADY_STARTED, MIXED_IDENTIFIER_MODE, INVALID_METRIC_ID,
   *   INVALID_METRIC_NAME, INVALID_NUM_OF_DATA_POINTS, METRIC_COUNT_EXCEEDED, HASH_COLLISION
   *   (an id used twice), METRIC_ALREADY_STARTED (a name used twice), INVALID_ARGUMENT
   */
  startMetric(key: bigint | string, count: number): void {
    this.#usable();
    if (this.#open) throw new MeboError(MeboErrorCode.MetricAlreadyStarted, `metric ${String(this.#curName || this.#curId)} is already started`);
    const mode = typeof key === 'bigint' ? 'id' : typeof key === 'string' ? 'name' : undefined;
    if (mode === undefined) throw invalid('a metric key is a bigint id or a string name');
    if (this.#mode !== undefined && this.#mode !== mode) {
      throw new MeboError(MeboErrorCode.MixedIdentifierMode, `cannot add a metric by ${mode} to an encoder that uses metric ${this.#mode}s`);
    }
    let id: bigint;
    if (typeof key === 'bigint') {
      if (key === 0n) throw new MeboError(MeboErrorCode.InvalidMetricID, 'metric id 0 is reserved');
      if (key < 0n || key > 0xffff_ffff_ffff_ffffn) throw invalid(`metric id ${key} is not a u64`);
      id = key;
    } else {
      if (key.length === 0) throw new MeboError(MeboErrorCode.InvalidMetricName, 'metric name is empty');
      id = metricIdOf(key);
    }
    if (!Number.isInteger(count) || count <= 0 || count > this.#maxPoints) {
      throw new MeboError(MeboErrorCode.InvalidNumOfDataPoints, `point count must be 1…${this.#maxPoints} for these options, got ${count}`);
    }
    if (this.#counts.length >= MAX_METRIC_COUNT) throw new MeboError(MeboErrorCode.MetricCountExceeded, `a blob holds at most ${MAX_METRIC_COUNT} metrics`);
    if (typeof key === 'bigint') {
      if (this.#usedIds.has(id)) throw new MeboError(MeboErrorCode.HashCollision, `metric id 0x${id.toString(16).padStart(16, '0')} already used`);
    } else if (this.#usedNames.has(key)) {
      throw new MeboError(MeboErrorCode.MetricAlreadyStarted, `metric name ${JSON.stringify(key)} already used`);
    }
    this.#mode = mode;
    this.#open = true;
    this.#curId = id;
    this.#curName = typeof key === 'string' ? key : '';
    this.#claimed = count;
    this.#n = 0;
    if (this.#curTs.length < Math.min(count, 1 << 20)) {
      this.#curTs = new Float64Array(Math.min(count, 1 << 20));
      this.#curVals = new Float64Array(this.#curTs.length);
    }
  }

  /**
   * Adds one point to the open metric.
   * @param timestamp Unix microseconds, a safe integer (any order: the format does not require
   *   ascending timestamps)
   * @param tag ignored unless tags are on; default ""
   * @throws MeboError TOO_MANY_DATA_POINTS (also with no metric open, as Go), INVALID_ARGUMENT
   */
  addPoint(timestamp: number, value: number, tag = ''): void {
    this.#usable();
    if (this.#n >= this.#claimed) throw new MeboError(MeboErrorCode.TooManyDataPoints, `metric holds ${this.#claimed} points`);
    checkPoint(timestamp, value, tag);
    this.#reserve(this.#n + 1);
    this.#curTs[this.#n] = timestamp;
    this.#curVals[this.#n] = value;
    if (this.options.tags) this.#curTags[this.#n] = tag;
    this.#n++;
  }

  /**
   * Adds points in bulk; `tags` may be omitted (all "").
   * @throws MeboError TOO_MANY_DATA_POINTS, INVALID_ARGUMENT (lengths differ, a bad timestamp);
   *   nothing is added when it throws
   */
  addPoints(timestamps: ArrayLike<number>, values: ArrayLike<number>, tags?: readonly string[]): void {
    this.#usable();
    const k = timestamps.length;
    if (values.length !== k || (tags !== undefined && tags.length !== k)) {
      throw invalid(`mismatched lengths: ${k} timestamps, ${values.length} values${tags ? `, ${tags.length} tags` : ''}`);
    }
    if (k === 0) return;
    if (this.#n + k > this.#claimed) throw new MeboError(MeboErrorCode.TooManyDataPoints, `metric holds ${this.#claimed} points`);
    this.#reserve(this.#n + k);
    // One pass that checks and copies; on a bad point #n is not advanced, so nothing was added.
    const ts = this.#curTs;
    const vals = this.#curVals;
    const at = this.#n;
    for (let i = 0; i < k; i++) {
      const t = timestamps[i];
      const v = values[i];
      if (!Number.isSafeInteger(t) || typeof v !== 'number') checkPoint(t, v, '');
      ts[at + i] = t;
      vals[at + i] = v;
    }
    if (tags !== undefined) for (let i = 0; i < k; i++) if (typeof tags[i] !== 'string') checkPoint(0, 0, tags[i]);
    if (this.options.tags) for (let i = 0; i < k; i++) this.#curTags[at + i] = tags === undefined ? '' : tags[i];
    this.#n += k;
  }

  /**
   * Closes the open metric and encodes its columns.
   * @throws MeboError NO_METRIC_STARTED, NO_DATA_POINTS_ADDED, DATA_POINT_COUNT_MISMATCH (the
   *   metric stays open), OFFSET_OUT_OF_RANGE (V1: the previous metric's column exceeds 65535
   *   bytes, reported here as Go does)
   */
  endMetric(): void {
    this.#usable();
    if (!this.#open) throw new MeboError(MeboErrorCode.NoMetricStarted, 'no metric started');
    const n = this.#n;
    if (n === 0) throw new MeboError(MeboErrorCode.NoDataPointsAdded, 'no points added');
    if (n !== this.#claimed) throw new MeboError(MeboErrorCode.DataPointCountMismatch, `claimed ${this.#claimed} points, got ${n}`);
    const k = this.#counts.length;
    if (this.options.layout === 'v1' && k > 0) {
      // Go checks the offset delta, i.e. the previous metric's column lengths, at this point.
      const tsLen = this.#ts.pos - this.#tsOffsets[k - 1];
      const tagLen = this.#tags.pos - this.#tagOffsets[k - 1];
      const valLen = Math.min(...this.#values.filter((t) => t.valid).map((t) => t.out.pos - t.offsets[k - 1]));
      if (tsLen > U16_MAX || valLen > U16_MAX || tagLen > U16_MAX) {
        throw new MeboError(MeboErrorCode.OffsetOutOfRange, `V1 column longer than 65535 bytes (ts ${tsLen}, value ${valLen}, tag ${tagLen})`);
      }
      for (const t of this.#values) if (t.out.pos - t.offsets[k - 1] > U16_MAX) t.valid = false;
    }
    this.#tsOffsets.push(this.#ts.pos);
    this.#tsCodec.encode(this.#curTs, n, this.#ts);
    for (const t of this.#values) {
      t.offsets.push(t.out.pos);
      t.codec.encode(this.#curVals, n, t.out);
    }
    this.#tagOffsets.push(this.#tags.pos);
    if (this.options.tags) {
      encodeTags(this.#curTags, n, this.#tags);
      for (let i = 0; i < n && !this.#nonEmptyTags; i++) if (this.#curTags[i] !== '') this.#nonEmptyTags = true;
    }
    const { hi, lo } = u64ToHalves(this.#curId, halves);
    if (k > 0) {
      const ph = this.#idHi[k - 1];
      if (hi < ph || (hi === ph && lo <= this.#idLo[k - 1])) this.#sorted = false;
    }
    this.#idHi.push(hi);
    this.#idLo.push(lo);
    this.#counts.push(n);
    if (this.#mode === 'name') {
      if (!this.#collision && this.#usedIds.has(this.#curId)) this.#collision = true;
      this.#usedNames.add(this.#curName);
      this.#names.push(this.#curName);
    }
    this.#usedIds.add(this.#curId);
    this.#open = false;
    this.#n = 0;
    this.#curTags.length = 0;
  }

  /**
   * Assembles the blob and returns it (a new array the caller owns). The encoder is spent after.
   * @throws MeboError METRIC_NOT_ENDED, NO_METRICS_ADDED, BLOB_SIZE_EXCEEDS_LIMIT,
   *   CODEC_NOT_LOADED (tags need zstd); the encoder stays usable when it throws
   */
  finish(): Uint8Array {
    const parts = this.#assemble();
    const out = new Uint8Array(parts.size);
    this.#write(parts, out, 0);
    this.#finished = true;
    return out;
  }

  /**
   * Writes the blob into `dst` at `offset` and returns the offset after it; `dst` is untouched if
   * it throws.
   * @throws as {@link finish}, and INVALID_ARGUMENT when `dst` is too small
   */
  finishInto(dst: Uint8Array, offset = 0): number {
    const parts = this.#assemble();
    if (!Number.isInteger(offset) || offset < 0 || dst.length - offset < parts.size) {
      throw invalid(`finishInto needs ${parts.size} bytes at offset ${offset}, dst has ${dst.length}`);
    }
    this.#write(parts, dst, offset);
    this.#finished = true;
    return offset + parts.size;
  }

  #usable(): void {
    if (this.#finished) throw invalid('encoder already finished: create a new one');
  }

  #reserve(n: number): void {
    if (n <= this.#curTs.length) return;
    const cap = Math.min(Math.max(n, this.#curTs.length * 2), this.#claimed);
    const ts = new Float64Array(cap);
    ts.set(this.#curTs.subarray(0, this.#n));
    const vals = new Float64Array(cap);
    vals.set(this.#curVals.subarray(0, this.#n));
    this.#curTs = ts;
    this.#curVals = vals;
  }

  #assemble(): Assembly {
    this.#usable();
    if (this.#open) throw new MeboError(MeboErrorCode.MetricNotEnded, 'a metric is still open: call endMetric() first');
    const n = this.#counts.length;
    if (n === 0) throw new MeboError(MeboErrorCode.NoMetricsAdded, 'no metrics added');
    const o = this.options;
    const hasTags = o.tags && this.#nonEmptyTags;
    const v2 = o.layout === 'v2';

    const tsCols: Columns = { payload: this.#ts.peek(), offsets: this.#tsOffsets };
    const tagCols: Columns = hasTags ? { payload: this.#tags.peek(), offsets: this.#tagOffsets } : emptyColumns(n);
    const ids = { hi: this.#idHi.slice(), lo: this.#idLo.slice() };
    let perm: number[] | undefined;
    if (v2 && !this.#sorted) {
      perm = Array.from({ length: n }, (_, i) => i);
      perm.sort((a, b) => ids.hi[a] - ids.hi[b] || ids.lo[a] - ids.lo[b]); // stable: ties keep insertion order
    }
    const order = (c: Columns): Columns => (perm === undefined ? c : reorder(c, perm));
    const ts = order(tsCols);
    const tags = order(tagCols);
    const counts = perm === undefined ? this.#counts : perm.map((i) => this.#counts[i]);
    const names = perm === undefined ? this.#names : perm.map((i) => this.#names[i]);
    if (perm !== undefined) {
      ids.hi = perm.map((i) => this.#idHi[i]);
      ids.lo = perm.map((i) => this.#idLo[i]);
    }

    const shared = o.sharedTimestamps ? dedupSharedTimestamps(ts) : undefined;
    const tsFinal = shared === undefined ? ts : shared.columns;

    // Value payload: the one encoding, or for 'auto' the candidate giving the smallest payload.
    let best: { encoding: EncodingType; cols: Columns; payload: Uint8Array } | undefined;
    for (const t of this.#values) {
      if (!t.valid) continue;
      const cols = order({ payload: t.out.peek(), offsets: t.offsets });
      const payload = compressPayload(o.codecs, o.valueCompression, cols.payload);
      if (best === undefined || payload.length < best.payload.length) best = { encoding: t.codec.encoding, cols, payload };
    }
    if (best === undefined) throw new MeboError(MeboErrorCode.OffsetOutOfRange, 'no value encoding keeps V1 columns within 65535 bytes');

    const entries = {
      length: n,
      idHi: ids.hi,
      idLo: ids.lo,
      counts,
      tsOffsets: tsFinal.offsets,
      valueOffsets: best.cols.offsets,
      tagOffsets: tags.offsets,
    };
    const entrySize = v2 ? selectNumericIndexEntrySize(entries) : 16;
    const magic = !v2 ? NumericMagic.V1 : entrySize === 32 ? NumericMagic.V2Ext : NumericMagic.V2;
    const tsPayload = compressPayload(o.codecs, o.timestampCompression, tsFinal.payload);
    const tagPayload = hasTags ? compressPayload(o.codecs, CompressionType.Zstd, tags.payload) : new Uint8Array(0);
    const namesPayload = this.#collision ? encodeMetricNames(names, o.bigEndian) : undefined;
    const namesLen = namesPayload?.length ?? 0;
    const sharedLen = shared === undefined ? 0 : sharedTimestampTableSize(shared.groups);
    const indexOffset = HEADER_SIZE + namesLen;
    const tsOffset = indexOffset + n * entrySize + sharedLen;
    const valOffset = tsOffset + tsPayload.length;
    const tagOffset = valOffset + best.payload.length;
    const size = tagOffset + tagPayload.length;
    if (size > U32_MAX) throw new MeboError(MeboErrorCode.BlobSizeExceedsLimit, `blob would be ${size} bytes, limit ${U32_MAX}`);
    return {
      size,
      header: {
        magic,
        hasTags,
        bigEndian: o.bigEndian,
        hasMetricNames: namesPayload !== undefined,
        hasSharedTimestamps: shared !== undefined,
        timestampEncoding: o.timestampEncoding,
        valueEncoding: best.encoding,
        timestampCompression: o.timestampCompression,
        valueCompression: o.valueCompression,
        startTime: this.startTime,
        metricCount: n,
        indexOffset,
        timestampPayloadOffset: tsOffset,
        valuePayloadOffset: valOffset,
        tagPayloadOffset: tagOffset,
      },
      namesPayload,
      entries,
      entrySize,
      shared: shared?.groups,
      tsPayload,
      valPayload: best.payload,
      tagPayload,
    };
  }

  #write(a: Assembly, dst: Uint8Array, offset: number): void {
    const w = new ByteWriter(Math.min(a.size, HEADER_SIZE + a.entries.length * a.entrySize + 4096), !a.header.bigEndian);
    writeNumericHeader(w, a.header);
    if (a.namesPayload !== undefined) w.raw(a.namesPayload);
    writeNumericIndex(w, a.entries, a.entrySize, a.header.bigEndian);
    if (a.shared !== undefined) writeSharedTimestampTable(w, a.shared, a.entries.length, a.header.bigEndian);
    dst.set(w.peek(), offset);
    let p = offset + w.pos;
    dst.set(a.tsPayload, p);
    p += a.tsPayload.length;
    dst.set(a.valPayload, p);
    p += a.valPayload.length;
    dst.set(a.tagPayload, p);
  }
}

/** A payload and the absolute start of each metric's column in it. */
export interface Columns {
  readonly payload: Uint8Array;
  readonly offsets: number[];
}

interface Assembly {
  readonly size: number;
  readonly header: Parameters<typeof writeNumericHeader>[1];
  readonly namesPayload: Uint8Array | undefined;
  readonly entries: Parameters<typeof writeNumericIndex>[1];
  readonly entrySize: 16 | 32;
  readonly shared: readonly SharedTimestampGroup[] | undefined;
  readonly tsPayload: Uint8Array;
  readonly valPayload: Uint8Array;
  readonly tagPayload: Uint8Array;
}

/**
 * Go's `MaxDataPoints`: V2 up to 2^32−1; V1 65535 / max(ts bytes, value bytes) with ts bytes
 * Raw 8, Delta 9, DeltaPacked 5 and value bytes Raw 8, otherwise 9.
 */
export function maxDataPoints(o: Pick<NumericEncoderOptions, 'layout' | 'sharedTimestamps' | 'timestampEncoding' | 'valueEncoding'>): number {
  if (o.layout === 'v2' || o.sharedTimestamps) return U32_MAX;
  const tsBytes = o.timestampEncoding === EncodingType.Raw ? 8 : o.timestampEncoding === EncodingType.DeltaPacked ? 5 : 9;
  const valBytes = o.valueEncoding === EncodingType.Raw ? 8 : 9;
  return Math.floor(U16_MAX / Math.max(tsBytes, valBytes));
}

function emptyColumns(n: number): Columns {
  return { payload: new Uint8Array(0), offsets: new Array<number>(n).fill(0) };
}

/** The columns in `perm` order, copied back to back. */
function reorder(c: Columns, perm: readonly number[]): Columns {
  const n = c.offsets.length;
  const out = new Uint8Array(c.payload.length);
  const offsets = new Array<number>(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const j = perm[i];
    const start = c.offsets[j];
    const end = j + 1 < n ? c.offsets[j + 1] : c.payload.length;
    offsets[i] = p;
    out.set(c.payload.subarray(start, end), p);
    p += end - start;
  }
  return { payload: out, offsets };
}

function checkPoint(ts: number, value: number, tag: string): void {
  if (!Number.isSafeInteger(ts)) throw invalid(`timestamp must be a safe integer (µs), got ${ts}`);
  if (typeof value !== 'number') throw invalid(`value must be a number, got ${typeof value}`);
  if (typeof tag !== 'string') throw invalid(`tag must be a string, got ${typeof tag}`);
}

function invalid(msg: string): MeboError {
  return new MeboError(MeboErrorCode.InvalidArgument, msg);
}
