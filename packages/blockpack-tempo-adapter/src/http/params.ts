import { TempoError, TempoErrorCode } from '../errors.js';

function bad(msg: string): never {
  throw new TempoError(TempoErrorCode.BadParameter, msg);
}

/** Unix seconds parameter (`start`, `end`); 0 when absent. */
export function unixSeconds(q: URLSearchParams, name: string): number {
  const v = q.get(name);
  if (v === null || v === '') return 0;
  if (!/^\d{1,12}$/.test(v)) bad(`invalid ${name}: ${JSON.stringify(v.slice(0, 40))} is not unix seconds`);
  return Number(v);
}

/** `start`/`end` window; `end ≥ start` is required when both are given. */
export function timeWindow(q: URLSearchParams): { start: number; end: number } {
  const start = unixSeconds(q, 'start');
  const end = unixSeconds(q, 'end');
  if (start > 0 && end > 0 && end < start) bad(`invalid start/end: end (${end}) is before start (${start})`);
  return { start, end };
}

/** A positive integer parameter with a default and a cap. */
export function positiveInt(q: URLSearchParams, name: string, dflt: number, max: number): number {
  const v = q.get(name);
  if (v === null || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v)) bad(`invalid ${name}: ${JSON.stringify(v.slice(0, 40))} is not a non-negative integer`);
  const n = Number(v);
  if (n === 0) return dflt;
  return Math.min(n, max);
}

const DURATION_RE = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go duration text (`100ms`, `1.5s`, `1h30m`) to nanoseconds. */
export function goDuration(text: string, name: string): number {
  if (!DURATION_RE.test(text)) bad(`invalid ${name}: ${JSON.stringify(text.slice(0, 40))} is not a duration`);
  let ns = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ns += Number(m[1]) * UNIT_NS[m[2]!]!;
  return ns;
}

/** Decodes a path segment, then once more (Grafana double-encodes tag names); falls back to once. */
export function decodeTwice(segment: string): string {
  let once: string;
  try {
    once = decodeURIComponent(segment);
  } catch {
    bad(`invalid path segment ${JSON.stringify(segment.slice(0, 40))}`);
  }
  try {
    return decodeURIComponent(once);
  } catch {
    return once;
  }
}
