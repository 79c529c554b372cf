import { EncodingType } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange } from '../bits.js';
import type { ValueCodec } from '../codec.js';
import { alpDecode, alpValidate } from './alp-decode.js';
import { alpEncode } from './alp-encode.js';

/**
 * ALP values (0x6, spec §5.4): one scheme byte, then "main" (decimal digits, frame of reference,
 * LSB-first packed codes, exceptions), "RD" (dictionary-coded left bits + raw right bits) or raw
 * u64s. The encoder encodes the whole column at once; an empty column writes nothing.
 */
export const alpValueCodec: ValueCodec = {
  encoding: EncodingType.ALP,

  encode(values: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, values.length);
    if (n === 0) return;
    alpEncode(values, n, out);
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    alpDecode(bytes, start, end, n, littleEndian, out);
  },
};

/**
 * The open-time check of an ALP column (spec §5.4.8), for blob readers that validate before decoding.
 * @throws MeboError INVALID_ALP_SCHEME, INVALID_ALP_COLUMN
 */
export function validateAlpColumn(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean): void {
  checkRange(bytes, start, end);
  alpValidate(bytes, start, end, n, littleEndian);
}
