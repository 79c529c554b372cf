import { MeboError, MeboErrorCode } from '../errors.js';

/** Encoder-side argument checks shared by the section writers. */
export function checkU32(field: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `${field} must be a u32, got ${v}`);
  }
}

export function checkSafeInt(field: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new MeboError(MeboErrorCode.InvalidArgument, `${field} must be a safe integer, got ${v}`);
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
