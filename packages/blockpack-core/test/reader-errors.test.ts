import { BlockpackError, BlockpackReader, BlockpackWriter, MemorySink, storeOnlyZstd, writeBlockpack } from '../src/index.js';
import { encodeFooterV4 } from '../src/writer/metadata.js';
import { ByteWriter } from '../src/shared/bytes.js';

const tid = new Uint8Array(16).fill(3);
const one = {
  resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: tid, spanId: new Uint8Array(8).fill(1), name: 'a', startTimeUnixNano: 5n, endTimeUnixNano: 9n }] }] }],
};
const opts = { zstd: storeOnlyZstd };

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (e instanceof BlockpackError) return e.code;
    throw e;
  }
}

describe('reader: footers and rejects', () => {
  let file: Uint8Array;
  let footer: DataView;
  beforeAll(async () => {
    file = await writeBlockpack([one], opts);
    footer = new DataView(file.buffer, file.byteOffset + file.length - 34, 34);
  });

  test('a v3 footer (22 bytes) is read', async () => {
    const body = file.subarray(0, file.length - 34);
    const w = new ByteWriter();
    w.bytes(body);
    w.u16(3);
    w.u64(Number(footer.getBigUint64(2, true)));
    w.u64(Number(footer.getBigUint64(10, true)));
    w.u32(footer.getUint32(18, true));
    const r = await BlockpackReader.open(w.finish(), opts);
    expect(r.footer.version).toBe(3);
    expect(await r.findTrace(tid)).toBeDefined();
  });

  test('a v5 footer (46 bytes) is read, its vector section ignored', async () => {
    const w = new ByteWriter();
    w.bytes(file.subarray(0, file.length - 34));
    w.u16(5);
    w.bytes(file.subarray(file.length - 32));
    w.u64(0);
    w.u32(0);
    const r = await BlockpackReader.open(w.finish(), opts);
    expect(r.footer.version).toBe(5);
    expect(r.spanCount).toBe(1);
  });

  test('a v4 file whose bytes 46 from the end read 05 00 is still read as v4', async () => {
    // The trap of spec 5.3: put 05 00 twelve bytes before the footer (inside the compact index's last entry area is not
    // possible to control, so append 12 bytes of our own and a footer pointing at the same sections).
    const w = new ByteWriter();
    w.bytes(file.subarray(0, file.length - 34));
    w.bytes(new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    w.bytes(encodeFooterV4(Number(footer.getBigUint64(2, true)), Number(footer.getBigUint64(10, true)), footer.getUint32(18, true), 0, 0));
    const r = await BlockpackReader.open(w.finish(), opts);
    expect(r.footer.version).toBe(4);
  });

  test('rejects', async () => {
    expect(await code(BlockpackReader.open(new Uint8Array(10), opts))).toBe('INVALID_FOOTER');
    expect(await code(BlockpackReader.open(new Uint8Array(200), opts))).toBe('INVALID_FOOTER');
    // an old-generation file: 41-byte footer starting with the magic and version 11
    const legacy = new Uint8Array(100);
    legacy.set([0xa1, 0xfe, 0x11, 0xc0, 11], 59);
    expect(await code(BlockpackReader.open(legacy, opts))).toBe('LEGACY_FORMAT');
    // header version 12 instead of 13
    const bad = file.slice();
    bad[Number(footer.getBigUint64(2, true)) + 4] = 12;
    expect(await code(BlockpackReader.open(bad, opts))).toBe('INVALID_FOOTER');
    const r = await BlockpackReader.open(file, opts);
    expect(await code(r.findTrace('xyz'))).toBe('INVALID_ARGUMENT');
    expect(await code(r.readBlock(7))).toBe('INVALID_ARGUMENT');
  });
});

describe('lean open', () => {
  test('reads only the compact index, finds traces like a full open', async () => {
    const file = await writeBlockpack([one], opts);
    const reads: number[] = [];
    const src = { size: file.length, read: (o: number, l: number) => (reads.push(l), Promise.resolve(file.subarray(o, o + l))) };
    const r = await BlockpackReader.open(src, { ...opts, lean: true });
    expect(r.lean).toBe(true);
    expect(r.rangeIndex.size).toBe(0);
    expect(r.blockCount).toBe(1);
    const t = await r.findTrace(tid);
    expect(t!.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('a');
    expect(await r.findTrace(new Uint8Array(16))).toBeUndefined();
  });
});

describe('writer: misuse', () => {
  test('trace ids must be 16 bytes; finish twice; add after finish; bad options', async () => {
    const w = new BlockpackWriter(new MemorySink(), opts);
    const bad = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: new Uint8Array(8), spanId: new Uint8Array(8) }] }] }] };
    expect(await code(w.add(bad))).toBe('INVALID_OTLP');
    expect(await code(w.add('{not json'))).toBe('INVALID_OTLP');
    expect(await code(w.add(new Uint8Array([0x0a, 0x05, 0x01])))).toBe('INVALID_OTLP');
    await w.finish();
    expect(await code(w.finish())).toBe('INVALID_STATE');
    expect(await code(w.add(one))).toBe('INVALID_STATE');
    expect(() => new BlockpackWriter(new MemorySink(), { ...opts, blockSpans: 70_000 })).toThrow(BlockpackError);
    expect(() => new BlockpackWriter(new MemorySink(), { ...opts, blockSpans: 10, batchSpans: 5 })).toThrow(BlockpackError);
  });

  test('an empty file is valid: 0 blocks, 0 traces', async () => {
    const r = await BlockpackReader.open(await writeBlockpack([], opts), opts);
    expect([r.blockCount, r.spanCount, r.traceCount]).toEqual([0, 0, 0]);
    expect(await r.findTrace(tid)).toBeUndefined();
  });

  test('streaming: blocks reach the sink before finish', async () => {
    const chunks: number[] = [];
    const sink = new MemorySink();
    const w = new BlockpackWriter({ write: (c) => { chunks.push(c.length); sink.write(c); } }, { ...opts, blockSpans: 2, batchSpans: 2 });
    const spans = Array.from({ length: 6 }, (_, i) => ({ traceId: tid, spanId: new Uint8Array(8).fill(i + 1), name: `s${i}`, startTimeUnixNano: BigInt(i), endTimeUnixNano: BigInt(i + 1) }));
    await w.add({ resourceSpans: [{ scopeSpans: [{ spans: spans.slice(0, 3) }] }] });
    expect(chunks.length).toBeGreaterThan(0); // the first batch was flushed as it filled
    await w.add({ resourceSpans: [{ scopeSpans: [{ spans: spans.slice(3) }] }] });
    const summary = await w.finish();
    expect(summary).toMatchObject({ spans: 6, blocks: 4, traces: 1, bytes: sink.bytes().length }); // batches of 3 → blocks of 2 + 1
    const r = await BlockpackReader.open(sink.bytes(), opts);
    expect(r.blocksForTrace(tid)).toEqual([0, 1, 2, 3]);
  });
});
