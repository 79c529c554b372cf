import { MeboError, MeboErrorCode } from '@mebo/format';
import { R, add, split, sub, toNumber, unzigzag64, zigzag64 } from './int64.js';

/**
 * Delta-of-delta arithmetic shared by Delta and DeltaPacked (spec §4.2, §4.3): int64 with
 * wrap-around. Numbers carry the common case; anything that could leave ±2^52 drops to exact
 * 32-bit-halves arithmetic.
 */

const SAFE = 2 ** 53;
const HALF_SAFE = 2 ** 52;

/** Zigzagged delta-of-deltas of a timestamp column, one per call. Value i = 1 yields zigzag(ts1 − ts0). */
export class ZigzagDods {
  private prev = 0;
  private prevDelta = 0;
  /** prevDelta is outside ±2^53: use pdHi:pdLo. */
  private big = false;
  private pdHi = 0;
  private pdLo = 0;

  /** Starts a column; returns nothing. @throws MeboError INVALID_ARGUMENT for a non-safe-integer */
  start(t0: number): void {
    checkTs(t0, 0);
    this.prev = t0;
    this.prevDelta = 0;
    this.big = false;
  }

  /** Continues a column from a caller's own Number loop: `prev` and `prevDelta` below ±2^53. */
  resume(prev: number, prevDelta: number): void {
    this.prev = prev;
    this.prevDelta = prevDelta;
    this.big = false;
  }

  /**
   * The zigzagged delta-of-delta of `t` as a Number when it is below 2^53; otherwise −1, with the
   * exact unsigned value in R (hi:lo).
   */
  next(t: number, i: number): number {
    if (!Number.isSafeInteger(t)) checkTs(t, i);
    const delta = t - this.prev;
    if (!this.big && delta < SAFE && delta > -SAFE) {
      const dod = delta - this.prevDelta;
      if (dod < HALF_SAFE && dod > -HALF_SAFE) {
        this.prev = t;
        this.prevDelta = delta;
        return dod >= 0 ? dod * 2 : -dod * 2 - 1;
      }
    }
    return this.nextExact(t);
  }

  private nextExact(t: number): number {
    split(t);
    const tHi = R.hi;
    const tLo = R.lo;
    split(this.prev);
    sub(tHi, tLo, R.hi, R.lo);
    const dHi = R.hi;
    const dLo = R.lo;
    if (this.big) {
      sub(dHi, dLo, this.pdHi, this.pdLo);
    } else {
      const dh = R.hi;
      const dl = R.lo;
      split(this.prevDelta);
      sub(dh, dl, R.hi, R.lo);
    }
    zigzag64(R.hi, R.lo);
    this.prev = t;
    const d = toNumber(dHi, dLo);
    this.big = !(d < SAFE && d > -SAFE);
    this.prevDelta = d;
    this.pdHi = dHi;
    this.pdLo = dLo;
    return -1;
  }
}

function checkTs(t: number, i: number): void {
  if (!Number.isSafeInteger(t)) throw new MeboError(MeboErrorCode.InvalidArgument, `timestamp ${t} at ${i} is not a safe integer`);
}

/**
 * Rebuilds timestamps from zigzagged delta-of-deltas. `fast` handles a small zz in Numbers and
 * returns NaN when it cannot stay exact; `exact` takes any u64 zz as halves.
 */
export class DodDecoder {
  ts = 0;
  delta = 0;
  private exactMode = false;
  private tsHi = 0;
  private tsLo = 0;
  private dHi = 0;
  private dLo = 0;

  /** Starts from the first value, the i64 reading of a u64 hi:lo. */
  start(hi: number, lo: number): number {
    this.tsHi = hi | 0;
    this.tsLo = lo >>> 0;
    this.dHi = 0;
    this.dLo = 0;
    this.delta = 0;
    this.ts = toNumber(hi, lo);
    this.exactMode = !(this.ts < HALF_SAFE && this.ts > -HALF_SAFE);
    return this.ts;
  }

  /** False once the decoder works on exact halves (then ts and delta are not kept). */
  isFast(): boolean {
    return !this.exactMode;
  }

  /** zz < 2^53. Returns the next timestamp. */
  small(zz: number): number {
    if (!this.exactMode) {
      const dod = (zz & 1) === 0 ? zz / 2 : -(zz + 1) / 2; // zz & 1 keeps the parity of any integer below 2^53
      const nd = this.delta + dod;
      const nt = this.ts + nd;
      if (nd < HALF_SAFE && nd > -HALF_SAFE && nt < HALF_SAFE && nt > -HALF_SAFE) {
        this.delta = nd;
        this.ts = nt;
        return nt;
      }
      this.enterExact();
    }
    const hi = Math.floor(zz / 0x1_0000_0000);
    return this.exact(hi, zz - hi * 0x1_0000_0000);
  }

  /** Any u64 zz given as unsigned halves. Returns the next timestamp (rounded if outside ±2^53). */
  exact(zzHi: number, zzLo: number): number {
    if (!this.exactMode) this.enterExact();
    unzigzag64(zzHi, zzLo);
    add(this.dHi, this.dLo, R.hi, R.lo);
    this.dHi = R.hi;
    this.dLo = R.lo;
    add(this.tsHi, this.tsLo, this.dHi, this.dLo);
    this.tsHi = R.hi;
    this.tsLo = R.lo;
    return toNumber(this.tsHi, this.tsLo);
  }

  private enterExact(): void {
    split(this.ts);
    this.tsHi = R.hi;
    this.tsLo = R.lo;
    split(this.delta);
    this.dHi = R.hi;
    this.dLo = R.lo;
    this.exactMode = true;
  }
}
