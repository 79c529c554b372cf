import { ByteWriter, CompressionType, EncodingType, MeboError, MeboErrorCode, writeI64, writeMetricNames, writeTextHeader, writeTextIndex } from '@mebo/format';
import type { CodecRegistry } from '@mebo/compress';
import { resolveCodec } from './codecs.js';
import {
  HEADER_SIZE,
  INDEX_ENTRY_SIZE,
  MAX_ENCODER_METRICS,
  MAX_NAME_BYTES,
  MAX_NAMES,
  MAX_POINTS_PER_METRIC,
  MAX_TEXT_BYTES,
  RAW_TS_PREFIX,
} from './constants.js';
import { deltaSize, writeDeltaExact } from './encoding/timestamp.js';
import type { NameHash } from './metric-key.js';
import { defaultNameHash, idHalves } from './metric-key.js';
import { utf8Bytes, writeUtf8 } from './utf8.js';

/** Timestamp encodings a text blob can use. */
export type TextTimestampEncoding = typeof EncodingType.Raw | typeof EncodingType.Delta;

export interface TextBlobEncoderOptions {
  /** `EncodingType.Delta` (default; 1–3 bytes per regular point) or `EncodingType.Raw` (9 bytes). */
  timestampEncoding: TextTimestampEncoding;
  /**
   * Data-section codec: `CompressionType.Zstd` (default), `S2`, `LZ4` or `None`. Anything but None
   * needs `codecs` (from `@mebo/compress`'s `loadDefaultCodecs()`); compression runs once, in `finish()`.
   */
  compression: CompressionType;
  /** Codec registry; required unless compression is None. */
  codecs: CodecRegistry | undefined;
  /** Store a tag with every point (default false; each tag costs at least its 1-byte length). */
  tags: boolean;
  /** Big-endian header, index, names and raw timestamps (default false: little-endian, as Go). */
  bigEndian: boolean;
  /**
   * How names become metric ids (default xxHash64 seed 0, as Go). Only for testing collision
   * handling: blobs written with another hash are rejected by Go and by default-configured readers.
   */
  nameHash: NameHash;
}

const enum Mode {
  Undefined,
  Id,
  Name,
}

/**
 * Builds one text blob (mebo v1.9.0 TextEncoder): metrics one after another, each declared with its
 * point count, rows `[ts][lenV][lenT?][value][tag?]` into one data section compressed in `finish()`.
 *
 * Unlike Go, every check runs before anything is written: a rejected call (oversize value, too
 * many points, mixed modes, …) leaves the encoder exactly as it was, so it stays usable.
 */
export class TextBlobEncoder {
  readonly startTime: number;
  readonly timestampEncoding: TextTimestampEncoding;
  readonly compression: CompressionType;
  readonly tags: boolean;
  readonly bigEndian: boolean;
  private readonly codecs: CodecRegistry | undefined;
  private readonly hash: NameHash;

  private readonly data = new ByteWriter(4096);
  private mode = Mode.Undefined;
  // Index entries, appended per finished metric.
  private idHi: number[] = [];
  private idLo: number[] = [];
  private counts: number[] = [];
  private offsets: number[] = [];
  private names: string[] = [];
  private namesBytes = 0;
  private readonly usedIds = new Set<bigint>();
  private readonly usedNames = new Map<string, bigint>();
  private collisions = 0;
  // The open metric.
  private open = false;
  private curHi = 0;
  private curLo = 0;
  private curName: Uint8Array | undefined;
  private curNameStr = '';
  private curId = 0n;
  private claimed = 0;
  private added = 0;
  private prevTs = 0;
  private metricStart = 0;
  private spent = false;

  /**
   * @param startTime blob start time (µs since the epoch by convention), a safe integer; blob sets sort by it
   * @throws MeboError INVALID_ARGUMENT, UNSUPPORTED_ENCODING, UNSUPPORTED_COMPRESSION, CODEC_NOT_LOADED
   */
  constructor(startTime: number, options: Readonly<Partial<TextBlobEncoderOptions>> = {}) {
    if (!Number.isSafeInteger(startTime)) {
      throw new MeboError(MeboErrorCode.InvalidArgument, `start time must be a safe integer, got ${startTime}`);
    }
    const tsEnc = options.timestampEncoding ?? EncodingType.Delta;
    if (tsEnc !== EncodingType.Raw && tsEnc !== EncodingType.Delta) {
      throw new MeboError(MeboErrorCode.UnsupportedEncoding, `text timestamps are Raw or Delta, got ${String(tsEnc)}`);
    }
    const comp = options.compression ?? CompressionType.Zstd;
    this.startTime = startTime;
    this.timestampEncoding = tsEnc;
    this.compression = comp;
    this.tags = options.tags ?? false;
    this.bigEndian = options.bigEndian ?? false;
    this.codecs = options.codecs;
    this.hash = options.nameHash ?? defaultNameHash;
    // Fail at construction, not at finish(), when the codec is unknown or not loaded.
    resolveCodec(this.codecs, comp);
  }

  /** Metrics finished so far. */
  get metricCount(): number {
    return this.counts.length;
  }

  /** Distinct names that hashed to an id already used by another name (name mode). */
  get collisionCount(): number {
    return this.collisions;
  }

  /**
   * Opens a metric by id (ID mode; not mixable with names). `id` is a u64 other than 0.
   * @throws MeboError METRIC_ALREADY_STARTED, MIXED_IDENTIFIER_MODE, INVALID_METRIC_ID,
   *   INVALID_NUM_OF_DATA_POINTS, METRIC_COUNT_EXCEEDED, HASH_COLLISION (id used before)
   */
  startMetricId(id: bigint, count: number): void {
    this.checkStart(Mode.Id, count);
    if (typeof id !== 'bigint' || id <= 0n || id > 0xffff_ffff_ffff_ffffn) {
      throw new MeboError(MeboErrorCode.InvalidMetricID, `metric id must be a u64 other than 0, got ${String(id)}`);
    }
    if (this.usedIds.has(id)) {
      throw new MeboError(MeboErrorCode.HashCollision, `metric id 0x${id.toString(16).padStart(16, '0')} already used`);
    }
    this.usedIds.add(id);
    this.mode = Mode.Id;
    this.begin(id, count, undefined, '');
  }

  /**
   * Opens a metric by name (name mode): the id is xxHash64 of the UTF-8 name, and the blob carries
   * the names payload so readers can tell colliding names apart.
   * @throws MeboError METRIC_ALREADY_STARTED (also for a repeated name), MIXED_IDENTIFIER_MODE,
   *   INVALID_METRIC_NAME, INVALID_NUM_OF_DATA_POINTS, METRIC_COUNT_EXCEEDED
   */
  startMetricName(name: string, count: number): void {
    this.checkStart(Mode.Name, count);
    if (typeof name !== 'string' || name.length === 0) {
      throw new MeboError(MeboErrorCode.InvalidMetricName, 'metric name must be a non-empty string');
    }
    if (this.counts.length >= MAX_NAMES) {
      throw new MeboError(MeboErrorCode.InvalidMetricNamesCount, `a names payload holds at most ${MAX_NAMES} names`);
    }
    if (this.usedNames.has(name)) {
      throw new MeboError(MeboErrorCode.MetricAlreadyStarted, `metric name "${name}" already used`);
    }
    const bytes = utf8Bytes(name);
    if (bytes.length > MAX_NAME_BYTES) {
      throw new MeboError(MeboErrorCode.InvalidMetricName, `metric name is ${bytes.length} bytes, at most ${MAX_NAME_BYTES}`);
    }
    const id = this.hash(bytes);
    if (this.usedIds.has(id)) this.collisions++;
    this.usedIds.add(id);
    this.usedNames.set(name, id);
    this.mode = Mode.Name;
    this.begin(id, count, bytes, name);
  }

  /**
   * Appends a point to the open metric. `tag` is ignored unless tags are enabled. Values and tags
   * are at most 255 UTF-8 bytes; the check runs before anything is written.
   * @throws MeboError NO_METRIC_STARTED, TOO_MANY_DATA_POINTS, INVALID_ARGUMENT (unsafe timestamp,
   *   value or tag over 255 bytes, non-string value)
   */
  addPoint(ts: number, value: string, tag = ''): void {
    if (!this.open) throw new MeboError(MeboErrorCode.NoMetricStarted, 'addPoint: no metric started');
    if (this.added >= this.claimed) {
      throw new MeboError(MeboErrorCode.TooManyDataPoints, `metric declared ${this.claimed} points, adding point ${this.added + 1}`);
    }
    if (!Number.isSafeInteger(ts)) throw new MeboError(MeboErrorCode.InvalidArgument, `timestamp must be a safe integer, got ${ts}`);
    if (typeof value !== 'string' || value.length > MAX_TEXT_BYTES) throw tooLong('value', value);
    const tags = this.tags;
    if (tags && (typeof tag !== 'string' || tag.length > MAX_TEXT_BYTES)) throw tooLong('tag', tag);

    const w = this.data;
    // Worst case: 10 varint bytes (or 9 raw), 2 lengths, 3 bytes per UTF-16 unit.
    w.ensure(12 + 3 * value.length + (tags ? 3 * tag.length : 0));
    const buf = w.bytes;
    const pos = w.pos;
    const tsSize = this.timestampEncoding === EncodingType.Delta ? deltaSize(ts, this.added === 0 ? this.startTime : this.prevTs) : 9;
    // Strings go first, at their final place; lengths and timestamp are filled in once both fit.
    const lenAt = pos + tsSize;
    const valAt = lenAt + (tags ? 2 : 1);
    const vLen = writeUtf8(buf, valAt, value);
    if (vLen > MAX_TEXT_BYTES) throw tooLong('value', value, vLen);
    let tLen = 0;
    if (tags) {
      tLen = writeUtf8(buf, valAt + vLen, tag);
      if (tLen > MAX_TEXT_BYTES) throw tooLong('tag', tag, tLen);
    }
    if (this.timestampEncoding === EncodingType.Delta) {
      writeDeltaExact(buf, pos, ts, this.added === 0 ? this.startTime : this.prevTs);
    } else {
      buf[pos] = RAW_TS_PREFIX;
      writeI64(w.view, pos + 1, ts, !this.bigEndian);
    }
    buf[lenAt] = vLen;
    if (tags) buf[lenAt + 1] = tLen;
    w.pos = valAt + vLen + tLen;
    this.prevTs = ts;
    this.added++;
  }

  /**
   * Closes the open metric; it must have exactly the declared number of points.
   * @throws MeboError NO_METRIC_STARTED, NO_DATA_POINTS_ADDED, DATA_POINT_COUNT_MISMATCH
   */
  endMetric(): void {
    if (!this.open) throw new MeboError(MeboErrorCode.NoMetricStarted, 'endMetric: no metric started');
    if (this.added === 0) throw new MeboError(MeboErrorCode.NoDataPointsAdded, 'endMetric: no points added');
    if (this.added !== this.claimed) {
      throw new MeboError(MeboErrorCode.DataPointCountMismatch, `metric declared ${this.claimed} points, got ${this.added}`);
    }
    this.idHi.push(this.curHi);
    this.idLo.push(this.curLo);
    this.counts.push(this.added);
    this.offsets.push(this.metricStart);
    if (this.curName) {
      this.names.push(this.curNameStr);
      this.namesBytes += 2 + this.curName.length;
    }
    this.open = false;
    this.curName = undefined;
  }

  /**
   * Assembles the blob (header, names payload in name mode, index, compressed data). The encoder is
   * spent afterwards. The caller owns the returned bytes.
   * @throws MeboError METRIC_NOT_ENDED, NO_METRICS_ADDED, BLOB_SIZE_EXCEEDS_LIMIT, INVALID_ARGUMENT (spent)
   */
  finish(): Uint8Array {
    if (this.spent) throw new MeboError(MeboErrorCode.InvalidArgument, 'finish: encoder already finished');
    if (this.open) throw new MeboError(MeboErrorCode.MetricNotEnded, 'finish: a metric is still open');
    const n = this.counts.length;
    if (n === 0) throw new MeboError(MeboErrorCode.NoMetricsAdded, 'finish: no metrics added');
    const raw = this.data.peek();
    const codec = resolveCodec(this.codecs, this.compression);
    const payload = codec && raw.length > 0 ? codec.compress(raw) : raw;
    const hasNames = this.mode === Mode.Name;
    const namesSize = hasNames ? 2 + this.namesBytes : 0;
    const indexOffset = HEADER_SIZE + namesSize;
    const dataOffset = indexOffset + n * INDEX_ENTRY_SIZE;
    const total = dataOffset + payload.length;
    if (total > 0xffff_ffff) throw new MeboError(MeboErrorCode.BlobSizeExceedsLimit, `blob would be ${total} bytes`);
    const w = new ByteWriter(total, !this.bigEndian);
    writeTextHeader(w, {
      hasTags: this.tags,
      bigEndian: this.bigEndian,
      hasMetricNames: hasNames,
      timestampEncoding: this.timestampEncoding,
      dataCompression: this.compression,
      startTime: this.startTime,
      metricCount: n,
      indexOffset,
      dataOffset,
      dataSize: raw.length,
    });
    if (hasNames) writeMetricNames(w, this.names, this.bigEndian);
    writeTextIndex(w, { length: n, idHi: this.idHi, idLo: this.idLo, counts: this.counts, offsets: this.offsets }, this.bigEndian);
    w.raw(payload);
    // ByteWriter rounds its capacity up; the blob is exactly `total` bytes.
    const out = w.bytes.length === total ? w.bytes : w.finish();
    this.spent = true;
    return out;
  }

  private checkStart(mode: Mode, count: number): void {
    if (this.spent) throw new MeboError(MeboErrorCode.InvalidArgument, 'encoder already finished');
    if (this.open) {
      throw new MeboError(MeboErrorCode.MetricAlreadyStarted, `metric ${this.curName ? `"${this.curNameStr}"` : `0x${this.curId.toString(16)}`} is still open`);
    }
    if (this.mode !== Mode.Undefined && this.mode !== mode) {
      throw new MeboError(
        MeboErrorCode.MixedIdentifierMode,
        mode === Mode.Id ? 'cannot use startMetricId after startMetricName' : 'cannot use startMetricName after startMetricId',
      );
    }
    if (!Number.isInteger(count) || count <= 0 || count > MAX_POINTS_PER_METRIC) {
      throw new MeboError(MeboErrorCode.InvalidNumOfDataPoints, `point count must be 1..${MAX_POINTS_PER_METRIC}, got ${count}`);
    }
    if (this.counts.length >= MAX_ENCODER_METRICS) {
      throw new MeboError(MeboErrorCode.MetricCountExceeded, `at most ${MAX_ENCODER_METRICS} metrics per text blob`);
    }
  }

  private begin(id: bigint, count: number, name: Uint8Array | undefined, nameStr: string): void {
    const [hi, lo] = idHalves(id);
    this.curHi = hi;
    this.curLo = lo;
    this.curId = id;
    this.curName = name;
    this.curNameStr = nameStr;
    this.claimed = count;
    this.added = 0;
    this.prevTs = this.startTime;
    this.metricStart = this.data.pos;
    this.open = true;
  }
}

function tooLong(what: string, s: unknown, bytes?: number): MeboError {
  if (typeof s !== 'string') return new MeboError(MeboErrorCode.InvalidArgument, `${what} must be a string, got ${typeof s}`);
  return new MeboError(MeboErrorCode.InvalidArgument, `${what} is ${bytes ?? `over ${MAX_TEXT_BYTES}`} UTF-8 bytes, at most ${MAX_TEXT_BYTES}`);
}


/** One metric for `encodeTextBlob`: an `id` (ID mode) or a `name` (name mode), and its points. */
export interface TextSeries {
  id?: bigint;
  name?: string;
  points: ArrayLike<{ ts: number; value: string; tag?: string }>;
}

/**
 * One-shot encoding of whole series (wraps a TextBlobEncoder). All series must use ids, or all names.
 * @throws MeboError as TextBlobEncoder's methods
 */
export function encodeTextBlob(startTime: number, series: Iterable<TextSeries>, options: Readonly<Partial<TextBlobEncoderOptions>> = {}): Uint8Array {
  const e = new TextBlobEncoder(startTime, options);
  for (const s of series) {
    if (s.name !== undefined) e.startMetricName(s.name, s.points.length);
    else e.startMetricId(s.id ?? 0n, s.points.length);
    for (let i = 0; i < s.points.length; i++) {
      const p = s.points[i];
      e.addPoint(p.ts, p.value, p.tag);
    }
    e.endMetric();
  }
  return e.finish();
}
