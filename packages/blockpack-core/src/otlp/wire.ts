import { BlockpackError, BlockpackErrorCode } from '../shared/errors.js';
import type {
  OtlpAnyValue,
  OtlpEvent,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpTraces,
} from './model.js';

/**
 * A direct protobuf → canonical-model decoder for ExportTraceServiceRequest / TracesData: one pass,
 * no intermediate message objects (the write path's hot spot). Field numbers as in
 * opentelemetry-proto v1; unknown fields are skipped; a wire type that does not match a known
 * field is an error, as is any length past its enclosing message.
 */

const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

function bad(msg: string, pos: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.InvalidOtlp, `protobuf: ${msg}`, pos);
}

class Wire {
  pos: number;
  readonly view: DataView;
  private readonly nodeBuf: Buffer;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.nodeBuf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  latin1(start: number, end: number): string {
    return this.nodeBuf.toString('latin1', start, end);
  }

  /** A varint as a Number (exact up to 2^53; callers that need 64 bits use `varint64`). */
  varint(): number {
    const b = this.buf;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw bad('truncated varint', this.pos);
      const c = b[this.pos++];
      if (i < 8) result += (c & 0x7f) * mul;
      mul *= 128;
      if (c < 0x80) return result;
    }
    throw bad('varint longer than 10 bytes', this.pos);
  }

  varint64(): bigint {
    const b = this.buf;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw bad('truncated varint', this.pos);
      const c = b[this.pos++];
      const bits = c & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (c < 0x80) return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    }
    throw bad('varint longer than 10 bytes', this.pos);
  }

  /** Length of a LEN field, checked against the enclosing end. Returns the field's end. */
  len(): number {
    const n = this.varint();
    if (n > this.end - this.pos) throw bad(`length ${n} past the end of its message`, this.pos);
    return this.pos + n;
  }

  bytes(): Uint8Array {
    const e = this.len();
    const v = e === this.pos ? EMPTY : this.buf.subarray(this.pos, e);
    this.pos = e;
    return v;
  }

  string(): string {
    const e = this.len();
    const b = this.buf;
    const n = e - this.pos;
    let s = '';
    if (n <= 64) {
      let ascii = true;
      for (let i = this.pos; i < e; i++) if (b[i] >= 0x80) ascii = false;
      if (ascii) {
        // One flat string (not a rope of += pieces): Map lookups on it hash without flattening.
        // Node's native latin1 slice equals ASCII here, and is the cheapest way to make it.
        s = this.latin1(this.pos, e);
        this.pos = e;
        return s;
      }
    }
    s = utf8.decode(b.subarray(this.pos, e));
    this.pos = e;
    return s;
  }

  fixed64(): bigint {
    if (this.end - this.pos < 8) throw bad('truncated fixed64', this.pos);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  fixed32(): number {
    if (this.end - this.pos < 4) throw bad('truncated fixed32', this.pos);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  double(): number {
    if (this.end - this.pos < 8) throw bad('truncated double', this.pos);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  skip(wt: number): void {
    switch (wt) {
      case 0:
        this.varint();
        return;
      case 1:
        if (this.end - this.pos < 8) throw bad('truncated fixed64', this.pos);
        this.pos += 8;
        return;
      case 2:
        this.pos = this.len();
        return;
      case 5:
        if (this.end - this.pos < 4) throw bad('truncated fixed32', this.pos);
        this.pos += 4;
        return;
      default:
        throw bad(`unsupported wire type ${wt}`, this.pos);
    }
  }

  /** Reads a tag; returns field number × 8 + wire type (the raw tag). */
  tag(): number {
    return this.varint();
  }
}

function expect(w: Wire, tag: number, wt: number): void {
  if ((tag & 7) !== wt) throw bad(`field ${Math.floor(tag / 8)}: wire type ${tag & 7}, expected ${wt}`, w.pos);
}

function anyValue(w: Wire, end: number, depth: number): OtlpAnyValue {
  if (depth > MAX_DEPTH) throw bad('AnyValue nested too deeply', w.pos);
  let v: OtlpAnyValue = {};
  while (w.pos < end) {
    const t = w.tag();
    switch (t >>> 3) {
      case 1:
        expect(w, t, 2);
        v = { stringValue: w.string() };
        break;
      case 2:
        expect(w, t, 0);
        v = { boolValue: w.varint() !== 0 };
        break;
      case 3:
        expect(w, t, 0);
        v = { intValue: BigInt.asIntN(64, w.varint64()) };
        break;
      case 4:
        expect(w, t, 1);
        v = { doubleValue: w.double() };
        break;
      case 5: {
        expect(w, t, 2);
        const e = w.len();
        const values: OtlpAnyValue[] = [];
        while (w.pos < e) {
          const t2 = w.tag();
          if (t2 >>> 3 === 1) {
            expect(w, t2, 2);
            const e2 = w.len();
            values.push(anyValue(w, e2, depth + 1));
            w.pos = e2;
          } else w.skip(t2 & 7);
        }
        v = { arrayValue: { values } };
        break;
      }
      case 6: {
        expect(w, t, 2);
        const e = w.len();
        const values: OtlpKeyValue[] = [];
        while (w.pos < e) {
          const t2 = w.tag();
          if (t2 >>> 3 === 1) {
            expect(w, t2, 2);
            const e2 = w.len();
            values.push(keyValue(w, e2, depth + 1));
            w.pos = e2;
          } else w.skip(t2 & 7);
        }
        v = { kvlistValue: { values } };
        break;
      }
      case 7:
        expect(w, t, 2);
        v = { bytesValue: w.bytes() };
        break;
      default:
        w.skip(t & 7);
    }
  }
  return v;
}

function keyValue(w: Wire, end: number, depth: number): OtlpKeyValue {
  let key = '';
  let value: OtlpAnyValue = {};
  while (w.pos < end) {
    const t = w.tag();
    if (t === 0x0a) key = w.string();
    else if (t === 0x12) {
      const e = w.len();
      value = anyValue(w, e, depth);
      w.pos = e;
    } else if (t >>> 3 === 1 || t >>> 3 === 2) expect(w, t, 2);
    else w.skip(t & 7);
  }
  return { key, value };
}

function attr(w: Wire, out: OtlpKeyValue[]): void {
  const e = w.len();
  out.push(keyValue(w, e, 0));
  w.pos = e;
}

function event(w: Wire, end: number): OtlpEvent {
  const ev: OtlpEvent = { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 };
  while (w.pos < end) {
    const t = w.tag();
    switch (t) {
      case 0x09:
        ev.timeUnixNano = w.fixed64();
        break;
      case 0x12:
        ev.name = w.string();
        break;
      case 0x1a:
        attr(w, ev.attributes);
        break;
      case 0x20:
        ev.droppedAttributesCount = w.varint() >>> 0;
        break;
      default:
        if (t >>> 3 >= 1 && t >>> 3 <= 4) throw bad(`event field ${t >>> 3}: wire type ${t & 7}`, w.pos);
        w.skip(t & 7);
    }
  }
  return ev;
}

function link(w: Wire, end: number): OtlpLink {
  const l: OtlpLink = { traceId: EMPTY, spanId: EMPTY, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 };
  while (w.pos < end) {
    const t = w.tag();
    switch (t) {
      case 0x0a:
        l.traceId = w.bytes();
        break;
      case 0x12:
        l.spanId = w.bytes();
        break;
      case 0x1a:
        l.traceState = w.string();
        break;
      case 0x22:
        attr(w, l.attributes);
        break;
      case 0x28:
        l.droppedAttributesCount = w.varint() >>> 0;
        break;
      case 0x35:
        l.flags = w.fixed32();
        break;
      default:
        if (t >>> 3 >= 1 && t >>> 3 <= 6) throw bad(`link field ${t >>> 3}: wire type ${t & 7}`, w.pos);
        w.skip(t & 7);
    }
  }
  return l;
}

function span(w: Wire, end: number): OtlpSpan {
  const s: OtlpSpan = {
    traceId: EMPTY,
    spanId: EMPTY,
    traceState: '',
    parentSpanId: EMPTY,
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { message: '', code: 0 },
  };
  while (w.pos < end) {
    const t = w.tag();
    switch (t) {
      case 0x0a:
        s.traceId = w.bytes();
        break;
      case 0x12:
        s.spanId = w.bytes();
        break;
      case 0x1a:
        s.traceState = w.string();
        break;
      case 0x22:
        s.parentSpanId = w.bytes();
        break;
      case 0x2a:
        s.name = w.string();
        break;
      case 0x30:
        s.kind = Number(BigInt.asIntN(32, w.varint64()));
        break;
      case 0x39:
        s.startTimeUnixNano = w.fixed64();
        break;
      case 0x41:
        s.endTimeUnixNano = w.fixed64();
        break;
      case 0x4a:
        attr(w, s.attributes);
        break;
      case 0x50:
        s.droppedAttributesCount = w.varint() >>> 0;
        break;
      case 0x5a: {
        const e = w.len();
        s.events.push(event(w, e));
        w.pos = e;
        break;
      }
      case 0x60:
        s.droppedEventsCount = w.varint() >>> 0;
        break;
      case 0x6a: {
        const e = w.len();
        s.links.push(link(w, e));
        w.pos = e;
        break;
      }
      case 0x70:
        s.droppedLinksCount = w.varint() >>> 0;
        break;
      case 0x7a: {
        const e = w.len();
        while (w.pos < e) {
          const t2 = w.tag();
          if (t2 === 0x12) s.status.message = w.string();
          else if (t2 === 0x18) s.status.code = Number(BigInt.asIntN(32, w.varint64()));
          else if (t2 >>> 3 === 2 || t2 >>> 3 === 3) throw bad(`status field ${t2 >>> 3}: wire type ${t2 & 7}`, w.pos);
          else w.skip(t2 & 7);
        }
        w.pos = e;
        break;
      }
      case 0x85: // field 16, fixed32 (two-byte tag 0x85 0x01 reads as 133)
        s.flags = w.fixed32();
        break;
      default:
        if (t >>> 3 >= 1 && t >>> 3 <= 16) throw bad(`span field ${t >>> 3}: wire type ${t & 7}`, w.pos);
        w.skip(t & 7);
    }
  }
  return s;
}

function scope(w: Wire, end: number): OtlpScope {
  const sc: OtlpScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  while (w.pos < end) {
    const t = w.tag();
    if (t === 0x0a) sc.name = w.string();
    else if (t === 0x12) sc.version = w.string();
    else if (t === 0x1a) attr(w, sc.attributes);
    else if (t === 0x20) sc.droppedAttributesCount = w.varint() >>> 0;
    else if (t >>> 3 >= 1 && t >>> 3 <= 4) throw bad(`scope field ${t >>> 3}: wire type ${t & 7}`, w.pos);
    else w.skip(t & 7);
  }
  return sc;
}

function scopeSpans(w: Wire, end: number): OtlpScopeSpans {
  const ss: OtlpScopeSpans = { scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans: [], schemaUrl: '' };
  while (w.pos < end) {
    const t = w.tag();
    if (t === 0x0a) {
      const e = w.len();
      ss.scope = scope(w, e);
      w.pos = e;
    } else if (t === 0x12) {
      const e = w.len();
      ss.spans.push(span(w, e));
      w.pos = e;
    } else if (t === 0x1a) ss.schemaUrl = w.string();
    else if (t >>> 3 >= 1 && t >>> 3 <= 3) throw bad(`scope spans field ${t >>> 3}: wire type ${t & 7}`, w.pos);
    else w.skip(t & 7);
  }
  return ss;
}

function resourceSpans(w: Wire, end: number): OtlpResourceSpans {
  const rs: OtlpResourceSpans = { resource: { attributes: [], droppedAttributesCount: 0 }, scopeSpans: [], schemaUrl: '' };
  while (w.pos < end) {
    const t = w.tag();
    if (t === 0x0a) {
      const e = w.len();
      while (w.pos < e) {
        const t2 = w.tag();
        if (t2 === 0x0a) attr(w, rs.resource.attributes);
        else if (t2 === 0x10) rs.resource.droppedAttributesCount = w.varint() >>> 0;
        else if (t2 >>> 3 === 1 || t2 >>> 3 === 2) throw bad(`resource field ${t2 >>> 3}: wire type ${t2 & 7}`, w.pos);
        else w.skip(t2 & 7);
      }
      w.pos = e;
    } else if (t === 0x12) {
      const e = w.len();
      rs.scopeSpans.push(scopeSpans(w, e));
      w.pos = e;
    } else if (t === 0x1a) rs.schemaUrl = w.string();
    else if (t >>> 3 >= 1 && t >>> 3 <= 3) throw bad(`resource spans field ${t >>> 3}: wire type ${t & 7}`, w.pos);
    else w.skip(t & 7);
  }
  return rs;
}

/**
 * Decodes ExportTraceServiceRequest (or TracesData) protobuf bytes into the canonical model.
 * Ids and bytes values are views into `buf`.
 * @throws BlockpackError INVALID_OTLP
 */
export function decodeTracesWire(buf: Uint8Array): OtlpTraces {
  const w = new Wire(buf, 0, buf.length);
  const out: OtlpTraces = { resourceSpans: [] };
  while (w.pos < w.end) {
    const t = w.tag();
    if (t === 0x0a) {
      const e = w.len();
      out.resourceSpans.push(resourceSpans(w, e));
      w.pos = e;
    } else if (t >>> 3 === 1) throw bad(`field 1: wire type ${t & 7}`, w.pos);
    else w.skip(t & 7);
  }
  return out;
}
