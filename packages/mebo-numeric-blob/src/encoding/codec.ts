import { MeboError, MeboErrorCode, encodingName } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { EncodingType } from '@mebo/format';
import { deltaPackedTimestampCodec } from './timestamp/delta-packed.js';
import { deltaTimestampCodec } from './timestamp/delta.js';
import { rawTimestampCodec } from './timestamp/raw.js';
import { alpValueCodec } from './value/alp.js';
import { chimpValueCodec } from './value/chimp.js';
import { gorillaValueCodec } from './value/gorilla.js';
import { rawValueCodec } from './value/raw.js';

/** One column of one metric. Codec state is reset for every column (Gorilla/Chimp pad to a byte, DeltaPacked flushes its group, ALP encodes the column at once). */
export interface TimestampCodec {
  readonly encoding: EncodingType;
  /** Appends the encoded column for ts[0..n) (microseconds, safe integers) to out (out.littleEndian is the engine order). */
  encode(ts: Float64Array, n: number, out: ByteWriter): void;
  /** Decodes exactly n timestamps from bytes[start..end) into out[0..n). Throws MeboError on short/corrupt input; never reads outside [start,end). */
  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void;
}

export interface ValueCodec {
  readonly encoding: EncodingType;
  encode(values: Float64Array, n: number, out: ByteWriter): void;
  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void;
}

function unsupported(kind: string, e: number): MeboError {
  return new MeboError(MeboErrorCode.UnsupportedEncoding, `unsupported ${kind} encoding ${encodingName(e)}`);
}

/** The codec for a timestamp column. @throws MeboError UNSUPPORTED_ENCODING */
export function timestampCodec(e: EncodingType): TimestampCodec {
  switch (e) {
    case EncodingType.Raw:
      return rawTimestampCodec;
    case EncodingType.Delta:
      return deltaTimestampCodec;
    case EncodingType.DeltaPacked:
      return deltaPackedTimestampCodec;
    default:
      throw unsupported('timestamp', e);
  }
}

/** The codec for a value column. @throws MeboError UNSUPPORTED_ENCODING */
export function valueCodec(e: EncodingType): ValueCodec {
  switch (e) {
    case EncodingType.Raw:
      return rawValueCodec;
    case EncodingType.Gorilla:
      return gorillaValueCodec;
    case EncodingType.Chimp:
      return chimpValueCodec;
    case EncodingType.ALP:
      return alpValueCodec;
    default:
      throw unsupported('value', e);
  }
}
