import { runTempoDemo, seededTraces, toHex, traceIdForSearch } from '../src/index.js';

describe('runTempoDemo', () => {
  it('writes seeded traces, looks one up and finds the failing ones by TraceQL', async () => {
    const r = await runTempoDemo({ traces: 20, seed: 7 });
    expect(r.tracesWritten).toBe(20);
    expect(r.spansWritten).toBe(60);
    expect(r.blocks).toBe(1);
    expect(r.lookup.spans).toBe(3);
    // Every 5th seeded trace fails in `payments`.
    const failing = seededTraces(20, 7)
      .filter((_, i) => i % 5 === 4)
      .map((t) => traceIdForSearch(t.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId));
    expect([...r.search.traceIds].sort()).toEqual(failing.sort());
    expect(toHex(seededTraces(1, 7)[0]!.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId)).toHaveLength(32);
  });
});
