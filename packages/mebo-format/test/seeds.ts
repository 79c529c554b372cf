/** Test seeds: valid blobs assembled from the section writers (payload bytes are stand-ins). */
import {
  ByteWriter,
  CompressionType,
  EncodingType,
  NumericMagic,
  HEADER_SIZE,
  writeNumericHeader,
  writeNumericIndex,
  writeMetricNames,
  writeSharedTimestampTable,
  writeTextHeader,
  writeTextIndex,
  metricIdInto,
  findSharedTimestampGroups,
  selectNumericIndexEntrySize,
  sharedTimestampTableSize,
} from '../src/index.js';
import type { NumericHeader } from '../src/index.js';
import { hex } from './hex.js';

const START = 1704067200000000;
const TS = hex('80 c0 84 81 f1 ba 83 03 80 89 7a 00');
const VALUES = hex('3f f0 00 00 00 00 00 00 61 2b ff 80');

/** The header of the §3.14 worked example (V1, Delta + Gorilla, no compression, 72 bytes). */
export function exampleHeader(bigEndian: boolean): NumericHeader {
  return {
    magic: NumericMagic.V1,
    hasTags: false,
    bigEndian,
    hasMetricNames: false,
    hasSharedTimestamps: false,
    timestampEncoding: EncodingType.Delta,
    valueEncoding: EncodingType.Gorilla,
    timestampCompression: CompressionType.None,
    valueCompression: CompressionType.None,
    startTime: START,
    metricCount: 1,
    indexOffset: 32,
    timestampPayloadOffset: 48,
    valuePayloadOffset: 60,
    tagPayloadOffset: 72,
  };
}

export function example(bigEndian: boolean): Uint8Array {
  const w = new ByteWriter(72);
  writeNumericHeader(w, exampleHeader(bigEndian));
  writeNumericIndex(w, { length: 1, idHi: [0], idLo: [1], counts: [3], tsOffsets: [0], valueOffsets: [0], tagOffsets: [0] }, 16, bigEndian);
  w.raw(TS);
  w.raw(VALUES);
  return w.finish();
}

/**
 * A V2 blob with names, a shared-timestamp table and a tag payload, assembled as §3.11 says
 * (payload bytes are stand-ins: this package does not encode columns).
 */
export function v2Blob(bigEndian: boolean, extended = false): Uint8Array {
  const names = ['a', 'b', 'c', 'd'];
  const ids = names.map((n) => metricIdInto(n, { hi: 0, lo: 0 }));
  const order = ids.map((_, i) => i).sort((x, y) => ids[x].hi - ids[y].hi || ids[x].lo - ids[y].lo);
  const tsCols = order.map((i) => (i % 2 === 0 ? Uint8Array.of(1, 2, 3) : Uint8Array.of(4, 5, 6, 7)));
  const groups = findSharedTimestampGroups(tsCols);
  const shared = new Set(groups.flatMap((g) => g.members));
  const tsOffsets: number[] = [];
  const valueOffsets: number[] = [];
  const tagOffsets: number[] = [];
  let ts = 0;
  let canonicalTs = 0;
  for (let k = 0; k < order.length; k++) {
    tsOffsets.push(ts);
    if (!shared.has(k)) ts += tsCols[k].length;
    valueOffsets.push(k * 8);
    tagOffsets.push(k * 2);
    canonicalTs = ts;
  }
  const entries = {
    length: order.length,
    idHi: order.map((i) => ids[i].hi),
    idLo: order.map((i) => ids[i].lo),
    counts: order.map(() => 2),
    tsOffsets,
    valueOffsets,
    tagOffsets,
  };
  const entrySize = extended ? 32 : selectNumericIndexEntrySize(entries);
  const namesW = new ByteWriter(16);
  writeMetricNames(namesW, order.map((i) => names[i]), bigEndian);
  const indexOffset = HEADER_SIZE + namesW.length;
  const tsOff = indexOffset + order.length * entrySize + sharedTimestampTableSize(groups);
  const valOff = tsOff + canonicalTs;
  const tagOff = valOff + order.length * 8;
  const w = new ByteWriter(256);
  writeNumericHeader(w, {
    magic: entrySize === 16 ? NumericMagic.V2 : NumericMagic.V2Ext,
    hasTags: true,
    bigEndian,
    hasMetricNames: true,
    hasSharedTimestamps: true,
    timestampEncoding: EncodingType.Raw,
    valueEncoding: EncodingType.Raw,
    timestampCompression: CompressionType.None,
    valueCompression: CompressionType.None,
    startTime: START,
    metricCount: order.length,
    indexOffset,
    timestampPayloadOffset: tsOff,
    valuePayloadOffset: valOff,
    tagPayloadOffset: tagOff,
  });
  w.raw(namesW.finish());
  writeNumericIndex(w, entries, entrySize, bigEndian);
  writeSharedTimestampTable(w, groups, order.length, bigEndian);
  for (let k = 0; k < order.length; k++) if (!shared.has(k)) w.raw(tsCols[k]);
  w.raw(new Uint8Array(order.length * 8).fill(0x11));
  w.raw(new Uint8Array(order.length * 2).fill(0x22));
  return w.finish();
}

export function textBlob(bigEndian: boolean): Uint8Array {
  const names = ['cpu', 'mem'];
  const ids = names.map((n) => metricIdInto(n, { hi: 0, lo: 0 }));
  const data = hex('80 ad e2 04 02 01 6f 6b 61 | 80 89 7a 04 00 77 61 72 6e | 80 ad e2 04 01 00 78');
  const namesW = new ByteWriter(16);
  writeMetricNames(namesW, names, bigEndian);
  const w = new ByteWriter(128);
  const indexOffset = HEADER_SIZE + namesW.length;
  writeTextHeader(w, {
    hasTags: true,
    bigEndian,
    hasMetricNames: true,
    timestampEncoding: EncodingType.Delta,
    dataCompression: CompressionType.None,
    startTime: START,
    metricCount: 2,
    indexOffset,
    dataOffset: indexOffset + 32,
    dataSize: data.length,
  });
  w.raw(namesW.finish());
  writeTextIndex(w, { length: 2, idHi: ids.map((h) => h.hi), idLo: ids.map((h) => h.lo), counts: [2, 1], offsets: [0, 18] }, bigEndian);
  w.raw(data);
  return w.finish();
}

