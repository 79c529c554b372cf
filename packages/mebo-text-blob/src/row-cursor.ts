import { EncodingType, MeboError, MeboErrorCode, readSafeI64 } from '@mebo/format';
import type { TextIndex } from '@mebo/format';
import { RAW_TS_PREFIX } from './constants.js';
import type { DeltaState } from './encoding/timestamp.js';
import { readDeltaSlow } from './encoding/timestamp.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** What a cursor needs from its blob. */
export interface RowSource {
  readonly data: Uint8Array;
  readonly startTime: number;
  readonly hasTags: boolean;
  readonly bigEndian: boolean;
  readonly timestampEncoding: number;
  readonly index: TextIndex;
}

/**
 * Walks one metric's rows `[ts][lenV][lenT?][value][tag?]`. After `next()` returns true, `ts` is
 * the row's timestamp, `lenPos` the position of its value-length byte and `i` its index; the whole
 * row is known to lie inside the metric's data. One monomorphic object, so `next()` inlines into
 * every reader's loop.
 * @throws MeboError CORRUPT_DATA, INVALID_TIMESTAMP_DATA, LIMIT_EXCEEDED from `next()` on corrupt rows
 */
export class RowCursor {
  ts: number;
  lenPos = 0;
  i = -1;
  private pos: number;
  private readonly end: number;
  private readonly count: number;
  private readonly src: Uint8Array;
  private readonly view: DataView;
  private readonly delta: boolean;
  private readonly le: boolean;
  private readonly hdr: number;
  private readonly tags: boolean;
  private readonly st: DeltaState = { pos: 0, ts: 0 };

  constructor(
    b: RowSource,
    private readonly m: number,
  ) {
    this.src = b.data;
    this.view = new DataView(b.data.buffer, b.data.byteOffset, b.data.byteLength);
    this.pos = b.index.offsets[m];
    this.end = this.pos + b.index.sizes[m];
    this.count = b.index.counts[m];
    this.ts = b.startTime;
    this.delta = b.timestampEncoding === EncodingType.Delta;
    this.le = !b.bigEndian;
    this.tags = b.hasTags;
    this.hdr = b.hasTags ? 2 : 1;
  }

  /**
   * Continues from row `i` starting at `pos`, `prevTs` being the timestamp of row i - 1 (or the
   * start time): for readers that walk the easy rows themselves and hand over the rest. Returns this.
   */
  resume(i: number, pos: number, prevTs: number): this {
    this.i = i - 1;
    this.pos = pos;
    this.ts = prevTs;
    return this;
  }

  next(): boolean {
    // Kept small (rare cases live in `slowTimestamp`) so that TurboFan inlines it into reader loops.
    const i = this.i + 1;
    if (i >= this.count) return false;
    this.i = i;
    const src = this.src;
    const end = this.end;
    let p = this.pos;
    let ts = this.ts;
    // Delta timestamps: 1–4 byte varints (deltas < 2^27) inline, away from the metric's end.
    let u = -1;
    if (this.delta && p < end - 4) {
      const r = shortVarint(src, p);
      if (r >= 0) {
        u = r >>> 3;
        p += r & 7;
      }
    }
    if (u >= 0) {
      ts += (u >>> 1) ^ -(u & 1);
      if (ts > MAX_SAFE || ts < -MAX_SAFE) throw outOfRange(this.m, i, p);
    } else {
      p = this.slowTimestamp(p, i);
      ts = this.st.ts;
    }
    const hdr = this.hdr;
    const next = end - p < hdr ? end + 1 : p + hdr + src[p] + (this.tags ? src[p + 1] : 0);
    if (next > end) throw rowTruncated(this.m, i, p);
    this.ts = ts;
    this.lenPos = p;
    this.pos = next;
    return true;
  }

  /** Raw timestamps, long varints and rows near the end: checked. Leaves the timestamp in `st.ts`, returns the new position. */
  private slowTimestamp(p: number, i: number): number {
    const src = this.src;
    const st = this.st;
    if (this.delta) {
      st.pos = p;
      st.ts = this.ts;
      readDeltaSlow(src, this.end, st);
      return st.pos;
    }
    if (this.end - p < 9) throw new MeboError(MeboErrorCode.InvalidTimestampData, `raw timestamp truncated in metric ${this.m}, row ${i}`, p);
    if (src[p] !== RAW_TS_PREFIX) {
      throw new MeboError(MeboErrorCode.InvalidTimestampData, `raw timestamp length ${src[p]}, expected 8, in metric ${this.m}, row ${i}`, p);
    }
    st.ts = readSafeI64(this.view, p + 1, this.le);
    return p + 9;
  }
}

/**
 * A varint of 1–4 bytes at `p` (the caller guarantees 4 readable bytes) as `value << 3 | byteCount`,
 * or -1 when it is longer. Small enough to inline into every row loop.
 */
export function shortVarint(src: Uint8Array, p: number): number {
  const b0 = src[p];
  if (b0 < 0x80) return (b0 << 3) | 1;
  const b1 = src[p + 1];
  if (b1 < 0x80) return (((b0 & 0x7f) | (b1 << 7)) << 3) | 2;
  const b2 = src[p + 2];
  if (b2 < 0x80) return (((b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14)) << 3) | 3;
  const b3 = src[p + 3];
  if (b3 < 0x80) return (((b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | (b3 << 21)) << 3) | 4;
  return -1;
}

function outOfRange(m: number, i: number, p: number): MeboError {
  return new MeboError(MeboErrorCode.LimitExceeded, `timestamp outside the safe integer range in metric ${m}, row ${i}`, p);
}

function rowTruncated(m: number, i: number, p: number): MeboError {
  return new MeboError(MeboErrorCode.CorruptData, `row ${i} of metric ${m} runs past the metric's data`, p);
}
