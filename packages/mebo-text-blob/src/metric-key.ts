import { u64FromHalves, xxHash64 } from '@mebo/format';

/** Metric ids: u64 in the API (bigint), hi/lo u32 halves inside. */

/** Hash from a name's UTF-8 bytes to its u64 metric id. */
export type NameHash = (nameBytes: Uint8Array) => bigint;

/** xxHash64, seed 0, of the exact name bytes (Go's `hash.ID`). */
export const defaultNameHash: NameHash = xxHash64;

export function idHalves(id: bigint): [number, number] {
  return [Number((id >> 32n) & 0xffff_ffffn), Number(id & 0xffff_ffffn)];
}

export const idFromHalves = u64FromHalves;
