import { MeboError, MeboErrorCode } from '@mebo/format';

/**
 * Text-blob timestamps (mebo v1.9.0, blob/text_encoder.go and blob/text_blob.go):
 * - Delta: uvarint(zigzag(ts − prev)), prev = header StartTime for a metric's first point. Plain
 *   delta, not delta-of-delta; the varint bytes do not depend on the byte order.
 * - Raw: a 0x08 length byte, then the i64 in the blob's byte order (9 bytes).
 * Timestamps are safe-integer Numbers; deltas beyond ±2^52 take an exact BigInt path.
 */

const TWO52 = 2 ** 52;

/** Writes uvarint(zigzag(delta)) at `pos` (room for 10 bytes needed); returns the new position. */
export function writeDelta(dst: Uint8Array, pos: number, delta: number): number {
  if (delta > -TWO52 && delta < TWO52) {
    let u = delta >= 0 ? delta * 2 : -delta * 2 - 1;
    if (u < 0x8000_0000) {
      while (u >= 0x80) {
        dst[pos++] = (u & 0x7f) | 0x80;
        u >>>= 7;
      }
      dst[pos++] = u;
      return pos;
    }
    while (u >= 0x80) {
      dst[pos++] = (u % 0x80) | 0x80;
      u = Math.floor(u / 0x80);
    }
    dst[pos++] = u;
    return pos;
  }
  return writeDeltaBig(dst, pos, BigInt(delta));
}

/** Exact delta of two safe integers, written through BigInt (only for |delta| ≥ 2^52). */
export function writeDeltaExact(dst: Uint8Array, pos: number, ts: number, prev: number): number {
  const d = ts - prev;
  if (d > -TWO52 && d < TWO52) return writeDelta(dst, pos, d);
  return writeDeltaBig(dst, pos, BigInt(ts) - BigInt(prev));
}

function writeDeltaBig(dst: Uint8Array, pos: number, delta: bigint): number {
  let u = BigInt.asUintN(64, (delta << 1n) ^ (delta >> 63n));
  while (u >= 0x80n) {
    dst[pos++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  dst[pos++] = Number(u);
  return pos;
}

/** Bytes writeDeltaExact would write. */
export function deltaSize(ts: number, prev: number): number {
  const d = ts - prev;
  if (d > -TWO52 && d < TWO52) {
    let u = d >= 0 ? d * 2 : -d * 2 - 1;
    if (u < 0x80) return 1;
    if (u < 0x4000) return 2;
    if (u < 0x20_0000) return 3;
    let n = 1;
    while (u >= 0x80) {
      u = Math.floor(u / 0x80);
      n++;
    }
    return n;
  }
  const big = BigInt(ts) - BigInt(prev);
  let u = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
  let n = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    n++;
  }
  return n;
}

/** Decoder state for one varint read: the value and the position after it. */
export interface DeltaState {
  pos: number;
  ts: number;
}

/**
 * Checked path of the delta decoder: long varints or rows near the end of a metric. Reads at `st.pos`, adds the delta to
 * `st.ts` with 64-bit wrap-around, and checks the result is a safe integer.
 * @throws MeboError CORRUPT_DATA (truncated or over-long varint), LIMIT_EXCEEDED (unsafe timestamp)
 */
export function readDeltaSlow(src: Uint8Array, end: number, st: DeltaState): void {
  let pos = st.pos;
  // Up to 7 bytes (49 bits) stay exact in Number arithmetic.
  let u = 0;
  let mul = 1;
  for (let i = 0; i < 7; i++) {
    if (pos >= end) throw new MeboError(MeboErrorCode.CorruptData, 'timestamp varint truncated', st.pos);
    const b = src[pos++];
    u += (b & 0x7f) * mul;
    if (b < 0x80) {
      const delta = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
      const ts = st.ts + delta;
      if (ts > Number.MAX_SAFE_INTEGER || ts < -Number.MAX_SAFE_INTEGER) {
        throw new MeboError(MeboErrorCode.LimitExceeded, `timestamp outside the safe integer range`, st.pos);
      }
      st.ts = ts;
      st.pos = pos;
      return;
    }
    mul *= 128;
  }
  readDeltaBig(src, end, st);
}

function readDeltaBig(src: Uint8Array, end: number, st: DeltaState): void {
  let pos = st.pos;
  let u = 0n;
  let shift = 0n;
  for (let i = 0; ; i++) {
    if (pos >= end) throw new MeboError(MeboErrorCode.CorruptData, 'timestamp varint truncated', st.pos);
    if (i === 10) throw new MeboError(MeboErrorCode.CorruptData, 'timestamp varint longer than 10 bytes', st.pos);
    const b = src[pos++];
    u |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) break;
    shift += 7n;
  }
  u = BigInt.asUintN(64, u);
  const delta = (u >> 1n) ^ -(u & 1n);
  const ts = BigInt.asIntN(64, BigInt(st.ts) + delta);
  if (ts > BigInt(Number.MAX_SAFE_INTEGER) || ts < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MeboError(MeboErrorCode.LimitExceeded, `timestamp ${ts} outside the safe integer range`, st.pos);
  }
  st.ts = Number(ts);
  st.pos = pos;
}
