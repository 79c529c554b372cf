import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlockpackReader, ColumnType, EncodingKind, decodeOtlpProtobuf, loadZstd, toHex } from '../src/index.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpTraces, ZstdCodec } from '../src/index.js';

const dir = join(__dirname, 'fixtures');
let zstd: ZstdCodec;
let reader: BlockpackReader;
let input: OtlpTraces;

beforeAll(async () => {
  zstd = await loadZstd();
  reader = await BlockpackReader.open(new Uint8Array(readFileSync(join(dir, 'go-written.blockpack'))), { zstd });
  input = decodeOtlpProtobuf(new Uint8Array(readFileSync(join(dir, 'go-written-input.pb'))));
});

function scalar(v: OtlpAnyValue): string | undefined {
  if ('stringValue' in v) return `s:${v.stringValue}`;
  if ('intValue' in v) return `i:${v.intValue}`;
  if ('doubleValue' in v) return `d:${v.doubleValue}`;
  if ('boolValue' in v) return `b:${v.boolValue}`;
  if ('bytesValue' in v) return `x:${toHex(v.bytesValue)}`;
  return undefined;
}

/** What Go stores (spec 10.2/10.3): no events, links, flags, dropped counts, scope name/version;
 * arrays become opaque text; a name holding two types keeps one column per block. */
function attrs(list: OtlpKeyValue[]): string[] {
  return list
    .filter((kv) => kv.key !== 'mixed' && kv.key !== 'tags')
    .map((kv) => `${kv.key}=${scalar(kv.value)}`)
    .sort();
}

function project(t: OtlpTraces): string[] {
  const out: string[] = [];
  for (const rs of t.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans)
        out.push(
          JSON.stringify([
            attrs(rs.resource.attributes),
            rs.schemaUrl,
            toHex(s.traceId),
            toHex(s.spanId),
            toHex(s.parentSpanId),
            s.traceState,
            s.name,
            s.kind,
            String(s.startTimeUnixNano),
            String(s.endTimeUnixNano),
            s.status.code,
            s.status.message,
            attrs(s.attributes),
          ]),
        );
  return out.sort();
}

describe('a Go-written file (footer v4, intrinsic section, sketches, file bloom)', () => {
  test('opens: indexes parsed', () => {
    expect(reader.footer.version).toBe(4);
    expect(reader.footer.intrinsicLen).toBeGreaterThan(0);
    expect(reader.blockCount).toBe(3);
    expect(reader.spanCount).toBe(330);
    expect(reader.traceCount).toBe(12);
    expect(reader.tsIndex).toHaveLength(3);
    expect(reader.compactIndex?.version).toBe(2);
    expect(reader.rangeIndex.get('resource.service.name')?.type).toBe(ColumnType.RangeString);
    expect(reader.rangeIndex.get('span:duration')?.type).toBe(ColumnType.RangeUint64);
  });

  test('decodes every column kind Go used', async () => {
    const kinds = new Set<number>();
    const types = new Set<number>();
    for await (const b of reader.iterateBlocks()) {
      for (const c of b.allColumns()) {
        kinds.add(c.encoding);
        types.add(c.type);
      }
    }
    for (const k of [
      EncodingKind.Dictionary,
      EncodingKind.SparseDictionary,
      EncodingKind.DeltaUint64,
      EncodingKind.RLEIndexes,
      EncodingKind.SparseRLEIndexes,
      EncodingKind.XORBytes,
      EncodingKind.SparseXORBytes,
      EncodingKind.PrefixBytes,
      EncodingKind.DeltaDictionary,
    ])
      expect(kinds).toContain(k);
    expect(types).toContain(ColumnType.UUID);
  });

  test('rebuilt spans equal the Go input, up to what Go does not store', async () => {
    expect(project(await reader.readAll())).toEqual(project(input));
  });

  test('trace by id returns exactly the trace', async () => {
    const ids = new Set<string>();
    for (const rs of input.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(toHex(s.traceId));
    for (const id of ids) {
      const want = project({ resourceSpans: input.resourceSpans.map((rs) => ({ ...rs, scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.filter((s) => toHex(s.traceId) === id) })) })) });
      expect(project((await reader.findTrace(id))!)).toEqual(want);
    }
  });
});
