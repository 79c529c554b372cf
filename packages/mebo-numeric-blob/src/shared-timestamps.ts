import { findSharedTimestampGroups } from '@mebo/format';
import type { SharedTimestampGroup } from '@mebo/format';
import type { Columns } from './numeric-encoder.js';

/**
 * Encoder side of §3.8 after detection: drops the members' timestamp bytes from the payload and
 * points each member's offset at the current write position (its derived length is then 0).
 * Returns undefined when nothing is shared (Go then leaves bit 3 clear).
 */
export function dedupSharedTimestamps(ts: Columns): { groups: SharedTimestampGroup[]; columns: Columns } | undefined {
  const { payload, offsets } = ts;
  const n = offsets.length;
  const end = (i: number): number => (i + 1 < n ? offsets[i + 1] : payload.length);
  const cols = offsets.map((s, i) => payload.subarray(s, end(i)));
  const groups = findSharedTimestampGroups(cols);
  if (groups.length === 0) return undefined;
  const isMember = new Uint8Array(n);
  for (const g of groups) for (const m of g.members) isMember[m] = 1;
  let size = 0;
  for (let i = 0; i < n; i++) if (!isMember[i]) size += cols[i].length;
  const out = new Uint8Array(size);
  const newOffsets = new Array<number>(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    newOffsets[i] = p;
    if (isMember[i]) continue;
    out.set(cols[i], p);
    p += cols[i].length;
  }
  return { groups, columns: { payload: out, offsets: newOffsets } };
}
