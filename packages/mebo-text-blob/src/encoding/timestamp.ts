import { MeboError, MeboErrorCode, readUvarint, unzigzag, uvarintSize, writeVarint, zigzag } from '@mebo/format';

/**
 * Text-blob timestamps (mebo v1.9.0, blob/text_encoder.go and blob/text_blob.go):
 * - Delta: uvarint(zigzag(ts − prev)), prev = header StartTime for a metric's first point. Plain
 *   delta, not delta-of-delta; the varint bytes do not depend on the byte order.
 * - Raw: a 0x08 length byte, then the i64 in the blob's byte order (9 bytes).
 * Timestamps are safe-integer Numbers. @mebo/format's varints cover deltas within ±2^52; the two
 * safe integers furthest apart differ by almost 2^54, so beyond ±2^52 an exact BigInt path runs.
 */

const TWO52 = 2 ** 52;

/** Writes uvarint(zigzag(ts − prev)) at `pos` (room for 10 bytes needed); returns the new position. */
export function writeDeltaExact(dst: Uint8Array, pos: number, ts: number, prev: number): number {
  // A float difference within ±2^52 is exact (a larger true difference cannot round into it).
  const d = ts - prev;
  if (d > -0x4000_0000 && d < 0x4000_0000) {
    // Hot path (regular series): 32-bit shifts. @mebo/format's writeVarint divides per byte, which
    // cost ~30 ns a point in the encoder bench.
    let u = (d << 1) ^ (d >> 31);
    while (u >= 0x80) {
      dst[pos++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    dst[pos++] = u;
    return pos;
  }
  if (d > -TWO52 && d < TWO52) return writeVarint(dst, pos, d);
  let u = zigzagBig(BigInt(ts) - BigInt(prev));
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
  if (d > -0x4000_0000 && d < 0x4000_0000) {
    const u = (d << 1) ^ (d >> 31);
    return u < 0x80 ? 1 : u < 0x4000 ? 2 : u < 0x20_0000 ? 3 : u < 0x1000_0000 ? 4 : 5;
  }
  if (d > -TWO52 && d < TWO52) return uvarintSize(zigzag(d));
  let u = zigzagBig(BigInt(ts) - BigInt(prev));
  let n = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    n++;
  }
  return n;
}

function zigzagBig(d: bigint): bigint {
  return BigInt.asUintN(64, (d << 1n) ^ (d >> 63n));
}

/** Decoder state for one varint read: the position and the running timestamp. */
export interface DeltaState {
  pos: number;
  ts: number;
}

/**
 * Checked path of the delta decoder (long varints, rows near the end of a metric): reads at
 * `st.pos`, adds the delta to `st.ts` with Go's 64-bit wrap-around and checks the result is a safe
 * integer. Varints up to 7 bytes (49 bits) are exact as Numbers; longer ones are re-read as BigInt.
 * @throws MeboError CORRUPT_DATA (truncated or over-long varint), LIMIT_EXCEEDED (timestamp not a safe integer)
 */
export function readDeltaSlow(src: Uint8Array, end: number, st: DeltaState): void {
  const start = st.pos;
  let u: number;
  try {
    u = readUvarint(src, st, end);
  } catch (e) {
    // A varint cut off by the end of the metric's rows is a corrupt row, like every other overrun.
    if (e instanceof MeboError && e.code === MeboErrorCode.Truncated) {
      throw new MeboError(MeboErrorCode.CorruptData, 'timestamp varint runs past the metric\'s data', start);
    }
    throw e;
  }
  let ts: number;
  if (st.pos - start <= 7) {
    ts = st.ts + unzigzag(u);
  } else {
    let big = 0n;
    for (let i = start, shift = 0n; i < st.pos; i++, shift += 7n) big |= BigInt(src[i] & 0x7f) << shift;
    big = BigInt.asUintN(64, big);
    const wide = BigInt.asIntN(64, BigInt(st.ts) + ((big >> 1n) ^ -(big & 1n)));
    ts = wide > BigInt(Number.MAX_SAFE_INTEGER) || wide < BigInt(Number.MIN_SAFE_INTEGER) ? Infinity : Number(wide);
  }
  if (!Number.isSafeInteger(ts)) {
    throw new MeboError(MeboErrorCode.LimitExceeded, 'timestamp outside the safe integer range', start);
  }
  st.ts = ts;
}
