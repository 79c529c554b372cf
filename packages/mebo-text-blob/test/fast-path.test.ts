import { CompressionType, EncodingType, MeboError } from '@mebo/format';
import { SeededRandom } from '@mebo-internal/test-kit';
import { decodeTextBlob, encodeTextBlob } from '../src/index.js';
import type { TextMetric, TextSeries } from '../src/index.js';

// forEach and decodeInto walk Delta rows in their own loops and hand over to the checked RowCursor
// at the first unusual row. Both must give what the cursor alone gives: the same rows, then the
// same error.

type Row = [number, string, string];
type Outcome = { rows: Row[]; error?: string };

function viaForEach(m: TextMetric, stopAfter = Infinity): Outcome {
  const rows: Row[] = [];
  try {
    m.forEach((ts, v, t) => {
      rows.push([ts, v, t]);
      return rows.length < stopAfter;
    });
    return { rows };
  } catch (e) {
    if (!(e instanceof MeboError)) throw e;
    return { rows, error: `${e.code} ${e.message}` };
  }
}

function viaDecodeInto(m: TextMetric): Outcome {
  const timestamps: number[] = [];
  const values: string[] = [];
  const tags: string[] = [];
  let error: string | undefined;
  try {
    m.decodeInto({ timestamps, values, tags }); // fills row by row, so a failure leaves the rows before it
  } catch (e) {
    if (!(e instanceof MeboError)) throw e;
    error = `${e.code} ${e.message}`;
  }
  const rows = values.map((v, i): Row => [timestamps[i], v, tags[i]]);
  return error === undefined ? { rows } : { rows, error };
}

/** The reference: every row through the checked RowCursor, strings through TextDecoder. */
function viaCursor(m: TextMetric): Outcome {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const { data, hasTags } = m.blob;
  const hdr = hasTags ? 2 : 1;
  const c = m.blob.cursor(m.position);
  const rows: Row[] = [];
  try {
    while (c.next()) {
      const v = c.lenPos + hdr;
      const t = v + data[c.lenPos];
      rows.push([c.ts, decoder.decode(data.subarray(v, t)), hasTags ? decoder.decode(data.subarray(t, t + data[c.lenPos + 1])) : '']);
    }
    return { rows };
  } catch (e) {
    if (!(e instanceof MeboError)) throw e;
    return { rows, error: `${e.code} ${e.message}` };
  }
}

/** forEach and decodeInto each give the reference's rows and error. */
function expectSame(m: TextMetric): Outcome {
  const want = viaCursor(m);
  expect(viaForEach(m)).toEqual(want);
  expect(viaDecodeInto(m)).toEqual(want);
  return want;
}

const START = 1_704_067_200_000_000;
const VALUES = ['INFO', '', 'x', '200 OK', 'é', '\uFEFFBOM', 'v2.0.0-rc.1', 'GET /api/v1/users/123 took 45ms', 'z'.repeat(255)];

function series(rng: SeededRandom, metrics: number, points: number): TextSeries[] {
  const out: TextSeries[] = [];
  for (let m = 0; m < metrics; m++) {
    let ts = START;
    const pts = [];
    for (let i = 0; i < points; i++) {
      const kind = rng.int(10);
      // mostly 1–4 byte varints; some 5+ byte deltas and backwards steps force the handover
      ts += kind < 6 ? rng.int(10_000_000) : kind < 8 ? -rng.int(1000) : kind < 9 ? 2 ** 30 + rng.int(1000) : rng.int(3);
      pts.push({ ts, value: VALUES[rng.int(VALUES.length)], tag: rng.int(3) === 0 ? '' : `host=${rng.int(5)}` });
    }
    out.push({ id: BigInt(m + 1), points: pts });
  }
  return out;
}

describe('forEach / decodeInto fast paths (Delta timestamps) against the checked cursor', () => {
  for (const tags of [false, true]) {
    it(`same rows on valid blobs, tags ${tags}, incl. 5+ byte deltas and rows at the metric's end`, () => {
      const rng = new SeededRandom(tags ? 11 : 7);
      for (let k = 0; k < 20; k++) {
        const bytes = encodeTextBlob(START, series(rng, 3, 1 + rng.int(40)), { compression: CompressionType.None, tags, timestampEncoding: EncodingType.Delta });
        for (const m of decodeTextBlob(bytes).metrics()) {
          expect(expectSame(m).error).toBeUndefined();
        }
      }
    });

    it(`same rows, then the same error, on corrupt data sections, tags ${tags}`, () => {
      const rng = new SeededRandom(tags ? 1234 : 4321);
      let errors = 0;
      for (let k = 0; k < 400; k++) {
        const bytes = encodeTextBlob(START, series(rng, 2, 1 + rng.int(30)), { compression: CompressionType.None, tags });
        const dataSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(24, true);
        const dataStart = bytes.length - dataSize;
        const bad = bytes.slice();
        for (let j = 1 + rng.int(3); j > 0; j--) bad[dataStart + rng.int(dataSize)] = rng.int(4) === 0 ? 0xff : rng.int(256);
        for (const m of decodeTextBlob(bad).metrics()) {
          if (expectSame(m).error) errors++;
        }
      }
      expect(errors).toBeGreaterThan(50); // the mutations do reach the error paths
    });
  }

  it('a length byte that makes a row end exactly at, or one byte past, the metric end', () => {
    const rng = new SeededRandom(77);
    let tried = 0;
    for (let k = 0; k < 60; k++) {
      const tags = k % 2 === 1;
      const bytes = encodeTextBlob(START, series(rng, 3, 2 + rng.int(12)), { compression: CompressionType.None, tags });
      const dataSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(24, true);
      const dataStart = bytes.length - dataSize;
      const blob = decodeTextBlob(bytes);
      const m = rng.int(blob.metricCount);
      const end = blob.index.offsets[m] + blob.index.sizes[m];
      const c = blob.cursor(m);
      const rows: [number, number][] = [];
      while (c.next()) rows.push([c.lenPos, c.i]);
      const [lenPos] = rows[rng.int(rows.length)];
      const rowEnd = lenPos + (tags ? 2 : 1) + bytes[dataStart + lenPos] + (tags ? bytes[dataStart + lenPos + 1] : 0);
      for (const past of [0, 1, 2]) {
        const len = bytes[dataStart + lenPos] + (end - rowEnd) + past;
        if (len > 255) continue;
        tried++;
        const bad = bytes.slice();
        bad[dataStart + lenPos] = len;
        expectSame(decodeTextBlob(bad).metricAt(m));
      }
    }
    expect(tried).toBeGreaterThan(60);
  });

  it('stops early at the same row either way', () => {
    const rng = new SeededRandom(99);
    const bytes = encodeTextBlob(START, series(rng, 1, 50), { compression: CompressionType.None, tags: true });
    const m = decodeTextBlob(bytes).metricAt(0);
    for (const stop of [1, 2, 17, 49, 50]) {
      let n = 0;
      expect(m.forEach(() => ++n < stop)).toBe(stop);
      expect(viaForEach(m, stop).rows).toEqual(viaCursor(m).rows.slice(0, stop));
    }
  });

  it('Raw timestamps still read through the cursor', () => {
    const rng = new SeededRandom(5);
    const bytes = encodeTextBlob(START, series(rng, 2, 30), { compression: CompressionType.None, tags: true, timestampEncoding: EncodingType.Raw });
    for (const m of decodeTextBlob(bytes).metrics()) expectSame(m);
  });
});
