import { ByteWriter, EncodingType } from '@mebo/format';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import type { TimestampCodec, ValueCodec } from '../src/encoding/index.js';
import { Mulberry, alpGoldenColumn, tsShape, valueShape } from '../test/encoding-support.js';

/**
 * Column codec throughput: encode and decode ns/point, MB/s (of 8-byte input points), bytes/point,
 * and each codec's ratio against Raw, over 200 columns × 200 points per data shape.
 * Run alone with `npx tsx bench/encoding.bench.ts` (after `npx tsc -b tsconfig.lib.json` in
 * packages/mebo-format), or call {@link runEncodingBench} from bench/index.ts.
 */

export interface EncodingBenchRow {
  column: 'ts' | 'value';
  codec: string;
  data: string;
  encodeNsPerPoint: number;
  decodeNsPerPoint: number;
  encodeMBps: number;
  decodeMBps: number;
  bytesPerPoint: number;
}

const COLS = 200;
const PTS = 200;

/** Milliseconds per call: the best of 5 rounds of about minMs / 5 each (robust on a shared, loaded machine). */
function time(fn: () => void, minMs: number): number {
  fn(); // warm-up
  fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let reps = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      fn();
      reps++;
      t = performance.now();
    } while (t - t0 < minMs / 5);
    best = Math.min(best, (t - t0) / reps);
  }
  return best;
}

function benchOne(codec: TimestampCodec | ValueCodec, cols: Float64Array[], minMs: number): Omit<EncodingBenchRow, 'column' | 'codec' | 'data'> {
  const w = new ByteWriter(1 << 20, true);
  const ends: number[] = [];
  const encAll = (): void => {
    w.reset();
    ends.length = 0;
    for (const c of cols) {
      codec.encode(c, c.length, w);
      ends.push(w.pos);
    }
  };
  const encMs = time(encAll, minMs);
  encAll();
  const bytes = w.finish();
  const out = new Float64Array(PTS);
  const decMs = time(() => {
    let s = 0;
    for (let k = 0; k < cols.length; k++) {
      codec.decode(bytes, s, ends[k], cols[k].length, true, out);
      s = ends[k];
    }
  }, minMs);
  const points = cols.length * PTS;
  return {
    encodeNsPerPoint: (encMs * 1e6) / points,
    decodeNsPerPoint: (decMs * 1e6) / points,
    encodeMBps: (points * 8) / 1e6 / (encMs / 1e3),
    decodeMBps: (points * 8) / 1e6 / (decMs / 1e3),
    bytesPerPoint: bytes.length / points,
  };
}

/** Runs every codec over its data shapes; `minMs` is the time spent per measurement. */
export function runEncodingBench(minMs = 150): EncodingBenchRow[] {
  const rows: EncodingBenchRow[] = [];
  const r = new Mulberry(42);
  const tsData: Record<string, Float64Array[]> = {
    'jittered 1 s': Array.from({ length: COLS }, () => tsShape(r, 1, PTS)),
    'regular 1 s': Array.from({ length: COLS }, () => tsShape(r, 0, PTS)),
  };
  const valData: Record<string, Float64Array[]> = {
    '2-decimal walk': Array.from({ length: COLS }, (_, i) => alpGoldenColumn(PTS, 2, 42 + i)),
    'full-precision walk': Array.from({ length: COLS }, (_, i) => alpGoldenColumn(PTS, -1, 42 + i)),
    'slowly varying': Array.from({ length: COLS }, () => valueShape(r, 12, PTS)),
  };
  for (const [data, cols] of Object.entries(tsData)) {
    for (const [name, e] of [['Raw', EncodingType.Raw], ['Delta', EncodingType.Delta], ['DeltaPacked', EncodingType.DeltaPacked]] as const) {
      rows.push({ column: 'ts', codec: name, data, ...benchOne(timestampCodec(e), cols, minMs) });
    }
  }
  for (const [data, cols] of Object.entries(valData)) {
    for (const [name, e] of [['Raw', EncodingType.Raw], ['Gorilla', EncodingType.Gorilla], ['Chimp', EncodingType.Chimp], ['ALP', EncodingType.ALP]] as const) {
      rows.push({ column: 'value', codec: name, data, ...benchOne(valueCodec(e), cols, minMs) });
    }
  }
  return rows;
}

/** Prints rows as a table with ratios against the Raw codec of the same data. */
export function printEncodingBench(rows: EncodingBenchRow[]): void {
  const f = (x: number, d = 1): string => x.toFixed(d).padStart(8);
  console.log('column codec        data                  enc ns/pt dec ns/pt  enc MB/s  dec MB/s  B/pt   size vs Raw  enc time vs Raw  dec time vs Raw');
  for (const row of rows) {
    const raw = rows.find((x) => x.column === row.column && x.data === row.data && x.codec === 'Raw');
    if (raw === undefined) continue;
    console.log(
      `${row.column.padEnd(6)} ${row.codec.padEnd(12)} ${row.data.padEnd(20)} ${f(row.encodeNsPerPoint)}  ${f(row.decodeNsPerPoint)}  ${f(row.encodeMBps, 0)}  ${f(row.decodeMBps, 0)} ${f(row.bytesPerPoint, 3)}  ${f(row.bytesPerPoint / raw.bytesPerPoint, 3)}x  ${f(row.encodeNsPerPoint / raw.encodeNsPerPoint, 2)}x  ${f(row.decodeNsPerPoint / raw.decodeNsPerPoint, 2)}x`,
    );
  }
}

if (process.argv[1]?.endsWith('encoding.bench.ts')) printEncodingBench(runEncodingBench());
