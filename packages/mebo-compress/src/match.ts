/**
 * Shared by the LZ4 and S2 writers: a hash table of recent positions for 4-byte sequences.
 * Entries hold position + 1, so 0 means empty. One scratch table per size is reused across calls
 * (JavaScript runs one compression at a time per thread) and cleared before each use.
 */

const MIN_HASH_LOG = 8;
const MAX_HASH_LOG = 16;
const tables: (Int32Array | undefined)[] = [];

/** log2 of the table size for an input of `n` bytes: small inputs clear small tables. */
export function hashLogFor(n: number): number {
  let log = MIN_HASH_LOG;
  while (log < MAX_HASH_LOG && 1 << log < n) log++;
  return log;
}

/** A zeroed table of 2^hashLog entries. */
export function hashTable(hashLog: number): Int32Array {
  let t = tables[hashLog];
  if (t === undefined) {
    t = new Int32Array(1 << hashLog);
    tables[hashLog] = t;
  } else t.fill(0);
  return t;
}
