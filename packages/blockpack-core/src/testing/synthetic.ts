import type { OtlpKeyValue, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan, OtlpTraces } from '../otlp/model.js';

/**
 * Seeded synthetic microservice traces, for benchmarks, demos and adapter tests: a fixed topology of
 * services and operations, 10–50 spans per trace, attributes with realistic cardinality (a handful
 * of methods and status codes, hundreds of routes, thousands of user ids, unique request ids),
 * occasional errors with exception events. Same seed, same output.
 */
export interface SyntheticOptions {
  seed: number;
  /** Start of the first trace, ns since the epoch. Default 2026-01-01T00:00:00Z. */
  startTimeUnixNano: bigint;
  /** Mean gap between trace starts, ns. Default 2 ms. */
  traceIntervalNs: number;
  minSpans: number;
  maxSpans: number;
}

const SERVICES = [
  'frontend', 'checkout', 'cart', 'payment', 'shipping', 'currency', 'email', 'recommendation',
  'ad', 'product-catalog', 'quote', 'fraud-detection', 'accounting', 'inventory', 'auth', 'search',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const DB = ['postgresql', 'redis', 'mongodb'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

class Mulberry32 {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  fill(b: Uint8Array): Uint8Array {
    for (let i = 0; i < b.length; i++) b[i] = this.int(256);
    return b;
  }
}

interface Service {
  name: string;
  version: string;
  instances: { host: string; pod: string; region: string }[];
  ops: string[];
  downstream: number[];
}

function str(key: string, v: string): OtlpKeyValue {
  return { key, value: { stringValue: v } };
}

function int(key: string, v: number): OtlpKeyValue {
  return { key, value: { intValue: BigInt(v) } };
}

/** A stream of synthetic traces; `next(n)` returns n more traces as one OTLP request. */
export class SyntheticTraceGenerator {
  private readonly rng: Mulberry32;
  private readonly services: Service[];
  private time: bigint;
  private readonly opts: SyntheticOptions;
  /** Spans produced so far. */
  spanCount = 0;

  constructor(options: Readonly<Partial<SyntheticOptions>> = {}) {
    this.opts = {
      seed: options.seed ?? 1,
      startTimeUnixNano: options.startTimeUnixNano ?? 1_767_225_600_000_000_000n,
      traceIntervalNs: options.traceIntervalNs ?? 2_000_000,
      minSpans: options.minSpans ?? 10,
      maxSpans: options.maxSpans ?? 50,
    };
    this.rng = new Mulberry32(this.opts.seed);
    this.time = this.opts.startTimeUnixNano;
    const rng = new Mulberry32(12345); // the topology is the same for every seed
    this.services = SERVICES.map((name, i) => ({
      name,
      version: `1.${rng.int(20)}.${rng.int(10)}`,
      instances: Array.from({ length: 2 + rng.int(3) }, (_, k) => ({
        host: `ip-10-0-${i}-${k + 10}`,
        pod: `${name}-${(rng.int(0xffffff) + 0x100000).toString(16)}-${k}`,
        region: REGIONS[rng.int(REGIONS.length)],
      })),
      ops: Array.from({ length: 4 + rng.int(8) }, (_, k) => `/${name}/api/v1/${['items', 'orders', 'users', 'carts', 'quotes'][k % 5]}/${k}`),
      downstream: Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(SERVICES.length - 1)).filter((d) => d !== i),
    }));
  }

  /** The traces' ids of the last `next()` call, for lookups. */
  lastTraceIds: Uint8Array[] = [];

  next(traceCount: number): OtlpTraces {
    const rng = this.rng;
    const groups = new Map<string, { rs: OtlpResourceSpans; ss: OtlpScopeSpans }>();
    this.lastTraceIds = [];
    for (let t = 0; t < traceCount; t++) {
      const traceId = rng.fill(new Uint8Array(16));
      this.lastTraceIds.push(traceId);
      const n = this.opts.minSpans + rng.int(this.opts.maxSpans - this.opts.minSpans + 1);
      const start = this.time;
      this.time += BigInt(Math.floor(this.opts.traceIntervalNs * (0.5 + rng.next())));
      const userId = `user-${rng.int(5000)}`;
      // Build a tree: each new span's parent is a random earlier span; its service a downstream of the parent's.
      const spans: { svc: number; inst: number; span: OtlpSpan }[] = [];
      for (let k = 0; k < n; k++) {
        const parent = k === 0 ? undefined : spans[rng.int(k)];
        const svcIdx = parent === undefined ? 0 : rng.next() < 0.3 ? parent.svc : rng.pick(this.services[parent.svc].downstream.length ? this.services[parent.svc].downstream : [1]);
        const svc = this.services[svcIdx];
        const inst = rng.int(svc.instances.length);
        const pStart = parent ? parent.span.startTimeUnixNano : start;
        const s0 = pStart + BigInt(rng.int(2_000_000));
        const dur = BigInt(50_000 + rng.int(rng.next() < 0.1 ? 500_000_000 : 20_000_000));
        const op = rng.pick(svc.ops);
        const isDb = parent !== undefined && rng.next() < 0.2;
        const error = rng.next() < 0.02;
        const method = rng.pick(METHODS);
        const attributes: OtlpKeyValue[] = isDb
          ? [
              str('db.system', rng.pick(DB)),
              str('db.statement', `SELECT * FROM ${['orders', 'items', 'users'][rng.int(3)]} WHERE id = ?`),
              str('net.peer.name', `db-${rng.int(4)}.internal`),
            ]
          : [
              str('http.method', method),
              str('http.route', op),
              str('http.url', `https://${svc.name}.example.com${op}?page=${rng.int(20)}`),
              int('http.status_code', error ? 500 : rng.next() < 0.05 ? 404 : 200),
              str('user.id', userId),
              str('request.id', Array.from(rng.fill(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')),
            ];
        if (rng.next() < 0.3) attributes.push({ key: 'http.response_content_length', value: { intValue: BigInt(rng.int(100_000)) } });
        if (rng.next() < 0.1) attributes.push({ key: 'cache.hit', value: { boolValue: rng.next() < 0.5 } });
        if (rng.next() < 0.05) attributes.push({ key: 'sampling.ratio', value: { doubleValue: 0.25 } });
        const span: OtlpSpan = {
          traceId,
          spanId: rng.fill(new Uint8Array(8)),
          traceState: '',
          parentSpanId: parent ? parent.span.spanId : new Uint8Array(0),
          flags: 1,
          name: isDb ? `${method === 'GET' ? 'SELECT' : 'UPDATE'} ${svc.name}` : `${method} ${op}`,
          kind: isDb ? 3 : parent ? (rng.next() < 0.5 ? 2 : 3) : 2,
          startTimeUnixNano: s0,
          endTimeUnixNano: s0 + dur,
          attributes,
          droppedAttributesCount: 0,
          events: error
            ? [{ timeUnixNano: s0 + dur / 2n, name: 'exception', attributes: [str('exception.type', 'TimeoutError'), str('exception.message', `upstream ${op} timed out`)], droppedAttributesCount: 0 }]
            : [],
          droppedEventsCount: 0,
          links: [],
          droppedLinksCount: 0,
          status: error ? { code: 2, message: 'upstream timeout' } : { code: 0, message: '' },
        };
        spans.push({ svc: svcIdx, inst, span });
      }
      for (const { svc, inst, span } of spans) {
        const key = `${svc}/${inst}`;
        let g = groups.get(key);
        if (!g) {
          const s = this.services[svc];
          const i = s.instances[inst];
          const ss: OtlpScopeSpans = {
            scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0', attributes: [], droppedAttributesCount: 0 },
            spans: [],
            schemaUrl: '',
          };
          const rs: OtlpResourceSpans = {
            resource: {
              attributes: [
                str('service.name', s.name),
                str('service.version', s.version),
                str('host.name', i.host),
                str('k8s.pod.name', i.pod),
                str('cloud.region', i.region),
                str('telemetry.sdk.language', 'nodejs'),
                str('telemetry.sdk.version', '2.12.1'),
              ],
              droppedAttributesCount: 0,
            },
            scopeSpans: [ss],
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          };
          g = { rs, ss };
          groups.set(key, g);
        }
        g.ss.spans.push(span);
        this.spanCount++;
      }
    }
    return { resourceSpans: [...groups.values()].map((g) => g.rs) };
  }
}
