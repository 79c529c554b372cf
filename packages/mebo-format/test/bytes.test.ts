import fc from 'fast-check';
import { BitReader, BitWriter, ByteReader, ByteWriter, MeboError, readUvarint, readVarint, writeUvarint, writeVarint } from '../src/index.js';

describe('bit stream', () => {
  it('is MSB-first with zero padding', () => {
    const w = new BitWriter();
    w.writeBit(1);
    w.writeBits(0b01, 2);
    expect(w.finish()).toEqual(Uint8Array.of(0b1010_0000));
  });
  it('round-trips random widths', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 32 }), fc.nat({ max: 0xffffffff })), { maxLength: 200 }), (items) => {
        const w = new BitWriter(16);
        for (const [n, v] of items) w.writeBits(n === 32 ? v : v & ((1 << n) - 1) >>> 0, n);
        const r = new BitReader(w.finish());
        for (const [n, v] of items) expect(r.readBits(n)).toBe(n === 32 ? v : (v & ((1 << n) - 1)) >>> 0);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
  it('throws MeboError past the end', () => {
    const r = new BitReader(Uint8Array.of(0xff));
    expect(r.readBits(8)).toBe(255);
    expect(() => r.readBit()).toThrow(MeboError);
  });
});

describe('byte cursor', () => {
  it.each([true, false])('round-trips fixed widths (littleEndian=%s)', (le) => {
    const w = new ByteWriter(16, le);
    w.u8(1); w.u16(0xbeef); w.u32(0xdeadbeef); w.i64(-1234567890123); w.f64(-0); w.bigU64(0xfedcba9876543210n);
    const r = new ByteReader(w.finish(), le);
    expect([r.u8(), r.u16(), r.u32(), r.i64()]).toEqual([1, 0xbeef, 0xdeadbeef, -1234567890123]);
    expect(Object.is(r.f64(), -0)).toBe(true);
    expect(r.bigU64()).toBe(0xfedcba9876543210n);
    expect(() => r.u8()).toThrow(MeboError);
  });
});

describe('varint', () => {
  it('matches Go encoding/binary', () => {
    const b = new Uint8Array(10);
    expect(b.subarray(0, writeUvarint(b, 0, 300))).toEqual(Uint8Array.of(0xac, 0x02));
    expect(b.subarray(0, writeVarint(b, 0, -1))).toEqual(Uint8Array.of(0x01));
  });
  it('round-trips integers within ±2^52 (zigzag doubles them)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (v) => {
        const b = new Uint8Array(10);
        writeVarint(b, 0, v);
        expect(readVarint(b, { pos: 0 })).toBe(v);
      }),
      { seed: 1, numRuns: 500 },
    );
  });
  it('rejects overlong and truncated varints', () => {
    expect(() => readUvarint(new Uint8Array(11).fill(0x80), { pos: 0 })).toThrow(MeboError);
    expect(() => readUvarint(Uint8Array.of(0x80), { pos: 0 })).toThrow(MeboError);
  });
});

describe('varint boundaries', () => {
  it.each([0, 0x7f, 0x80, 0x3fff, 0x4000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 2 ** 53 - 1])('round-trips %d across the 32-bit fast path', (v) => {
    const b = new Uint8Array(10);
    const end = writeUvarint(b, 0, v);
    const state = { pos: 0 };
    expect(readUvarint(b, state)).toBe(v);
    expect(state.pos).toBe(end);
  });
});
