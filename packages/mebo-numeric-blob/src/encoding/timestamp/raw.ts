import { EncodingType, MeboError, MeboErrorCode, truncated } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange } from '../bits.js';
import type { TimestampCodec } from '../codec.js';

const TWO32 = 0x1_0000_0000;

/** Raw timestamps (0x1): each one an i64 in engine order, 8 bytes (spec §4.1). */
export const rawTimestampCodec: TimestampCodec = {
  encoding: EncodingType.Raw,

  encode(ts: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, ts.length);
    out.ensure(n * 8);
    const view = out.view;
    const le = out.littleEndian;
    let p = out.pos;
    for (let i = 0; i < n; i++) {
      const t = ts[i];
      if (!Number.isSafeInteger(t)) throw new MeboError(MeboErrorCode.InvalidArgument, `timestamp ${t} at ${i} is not a safe integer`);
      const hi = Math.floor(t / TWO32);
      const lo = t - hi * TWO32;
      if (le) {
        view.setUint32(p, lo, true);
        view.setInt32(p + 4, hi, true);
      } else {
        view.setInt32(p, hi, false);
        view.setUint32(p + 4, lo, false);
      }
      p += 8;
    }
    out.pos = p;
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    if (end - start < n * 8) throw truncated(start, n * 8, end - start);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let p = start;
    for (let i = 0; i < n; i++) {
      let hi: number;
      let lo: number;
      if (littleEndian) {
        lo = view.getUint32(p, true);
        hi = view.getInt32(p + 4, true);
      } else {
        hi = view.getInt32(p, false);
        lo = view.getUint32(p + 4, false);
      }
      out[i] = hi * TWO32 + lo;
      p += 8;
    }
  },
};
