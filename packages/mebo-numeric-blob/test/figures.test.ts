import { EncodingType, CompressionType, xxHash64 } from '@mebo/format';
import { encodeNumericBlob } from '../src/index.js';
import type { NumericEncoderOptions } from '../src/index.js';
import { firstPoints, goDataset, goProfileDataset, pointCount } from '../bench/datasets.js';
import type { Dataset, GoProfile } from '../bench/datasets.js';

// Spec §12.3–12.5: mebo's published container sizes, reproduced byte for byte from the seeded
// generators of Appendix A.4 and mebo's tests/measurev2 profiles.

const { Raw, Delta, DeltaPacked, Gorilla, Chimp, ALP } = EncodingType;
const none = { timestampCompression: CompressionType.None, valueCompression: CompressionType.None };
const standard = goDataset('standard');
const shared = goDataset('shared');

function encode(d: Dataset, o: Partial<NumericEncoderOptions>): Uint8Array {
  return encodeNumericBlob(
    1_700_000_000_000_000,
    d.ids.map((id, i) => ({ id, timestamps: d.timestamps[i], values: d.values[i] })),
    { ...none, ...o },
  );
}

function records(d: Dataset): Uint8Array {
  const out = new Uint8Array(pointCount(d) * 16);
  const v = new DataView(out.buffer);
  let p = 0;
  for (let m = 0; m < d.ids.length; m++) {
    for (let i = 0; i < d.timestamps[m].length; i++, p += 16) {
      v.setBigInt64(p, BigInt(d.timestamps[m][i]), true);
      v.setFloat64(p + 8, d.values[m][i], true);
    }
  }
  return out;
}

test('Appendix A.5: the 200 × 200 datasets match their fingerprints', () => {
  expect(standard.timestamps[0].slice(0, 4)).toEqual(Float64Array.of(1700000000999746, 1700000001999954, 1700000002999041, 1700000003999667));
  expect(standard.values[0][0]).toBe(99.56600049679352);
  expect(shared.values[199][199]).toBe(2159.0387221981787);
  expect(xxHash64(records(standard))).toBe(0x93e39a59db41982en);
  expect(xxHash64(records(shared))).toBe(0xa897c41e1f4b3dcfn);
});

const TABLE_12_3: [string, number, number, number][] = [
  // [configuration, ts, value, exact bytes]; "S " = shared timestamps on the shared dataset
  ['S Delta+Chimp', Delta, Chimp, 253975],
  ['S DeltaPacked+Chimp', DeltaPacked, Chimp, 254014],
  ['S Raw+Chimp', Raw, Chimp, 255180],
  ['S Delta+ALP', Delta, ALP, 258914],
  ['S DeltaPacked+ALP', DeltaPacked, ALP, 258953],
  ['S Raw+ALP', Raw, ALP, 260119],
  ['S Delta+Gorilla', Delta, Gorilla, 263873],
  ['S DeltaPacked+Gorilla', DeltaPacked, Gorilla, 263912],
  ['S Raw+Gorilla', Raw, Gorilla, 265078],
  ['S Delta+Raw', Delta, Raw, 324031],
  ['S DeltaPacked+Raw', DeltaPacked, Raw, 324070],
  ['S Raw+Raw', Raw, Raw, 325236],
  ['Delta+Chimp', Delta, Chimp, 331894],
  ['Delta+ALP', Delta, ALP, 336921],
  ['DeltaPacked+Chimp', DeltaPacked, Chimp, 339490],
  ['Delta+Gorilla', Delta, Gorilla, 341780],
  ['DeltaPacked+ALP', DeltaPacked, ALP, 344517],
  ['DeltaPacked+Gorilla', DeltaPacked, Gorilla, 349376],
  ['Delta+Raw', Delta, Raw, 402176],
  ['DeltaPacked+Raw', DeltaPacked, Raw, 409772],
  ['Raw+Chimp', Raw, Chimp, 572950],
  ['Raw+ALP', Raw, ALP, 577977],
  ['Raw+Gorilla', Raw, Gorilla, 582836],
  ['Raw+Raw', Raw, Raw, 643232],
];

test.each(TABLE_12_3)('§12.3 %s: %#', (name, ts, val, bytes) => {
  const isShared = name.startsWith('S ');
  const blob = encode(isShared ? shared : standard, {
    timestampEncoding: ts as EncodingType,
    valueEncoding: val as EncodingType,
    sharedTimestamps: isShared,
  });
  expect(blob.length).toBe(bytes);
  expect((blob.length / 40000).toFixed(3)).toBe((bytes / 40000).toFixed(3));
});

test.each([
  [1, 32.16, 32.16, 26.22],
  [10, 17.616, 11.014, 8.303],
  [50, 16.323, 8.861, 6.661],
  [200, 16.081, 8.544, 6.349],
])('§12.4 first %i points per metric', (p, rawRaw, deltaGorilla, sharedDeltaChimp) => {
  const bpp = (d: Dataset, o: Partial<NumericEncoderOptions>): string => (encode(firstPoints(d, p), o).length / (200 * p)).toFixed(3);
  expect(bpp(standard, { timestampEncoding: Raw, valueEncoding: Raw })).toBe(rawRaw.toFixed(3));
  expect(bpp(standard, { timestampEncoding: Delta, valueEncoding: Gorilla })).toBe(deltaGorilla.toFixed(3));
  expect(bpp(shared, { timestampEncoding: Delta, valueEncoding: Chimp, sharedTimestamps: true })).toBe(sharedDeltaChimp.toFixed(3));
});

const TABLE_12_5: [GoProfile, number, number, number, number][] = [
  ['decimal_gauge_2dp', 9.131, 7.597, 7.212, 2.854],
  ['decimal_gauge_4dp', 9.131, 7.617, 7.367, 3.802],
  ['counter', 9.131, 2.718, 3.041, 2.581],
  ['sparse_constant', 9.131, 1.605, 1.708, 2.255],
  ['worst_case', 9.126, 7.616, 7.369, 7.494],
];

test.each(TABLE_12_5)('§12.5 %s (Delta timestamps; Raw, Gorilla, Chimp, ALP)', (profile, ...want) => {
  const d = goProfileDataset(profile);
  const got = [Raw, Gorilla, Chimp, ALP].map((val) => (encode(d, { timestampEncoding: Delta, valueEncoding: val }).length / 40000).toFixed(3));
  expect(got).toEqual(want.map((x) => x.toFixed(3)));
});
