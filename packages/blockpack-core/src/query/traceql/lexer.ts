import { invalidQuery } from '../errors.js';

/** Operators and punctuation, longest first so a greedy match picks `!>>` over `!>` over `!`. */
const PUNCTUATION = [
  '!>>', '!<<', '&>>', '&<<',
  '!=', '=~', '!~', '>=', '<=', '>>', '<<', '&&', '||', '!>', '!<', '&>', '&<', '&~',
  '{', '}', '(', ')', ',', '|', '=', '>', '<', '~', '!', '+', '-', '*', '/', '%', '^', '.',
] as const;
export type Punct = (typeof PUNCTUATION)[number];

/** Scopes written `scope.attr`: the attribute name follows the dot with no space. */
export const DOT_SCOPES = ['span', 'resource', 'event', 'link', 'instrumentation', 'parent', 'trace'] as const;
export type DotScope = (typeof DOT_SCOPES)[number];
/** Scopes written `scope:intrinsic`. */
export const COLON_SCOPES = ['span', 'trace', 'event', 'link', 'instrumentation'] as const;
export type ColonScope = (typeof COLON_SCOPES)[number];

export type Token =
  | { readonly kind: 'punct'; readonly text: Punct; readonly pos: number }
  | { readonly kind: 'ident'; readonly text: string; readonly pos: number }
  | { readonly kind: 'scopeDot'; readonly scope: DotScope; readonly pos: number }
  | { readonly kind: 'scopeColon'; readonly scope: ColonScope; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'int'; readonly value: number; readonly big: bigint | undefined; readonly pos: number }
  | { readonly kind: 'float'; readonly value: number; readonly pos: number }
  | { readonly kind: 'duration'; readonly value: number; readonly pos: number }
  | { readonly kind: 'eof'; readonly pos: number };

/** Maximum query length accepted (characters): a guard against hostile input. */
export const MAX_QUERY_LENGTH = 64 * 1024;

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 7 * 86400e9,
  y: 365 * 86400e9,
};

/**
 * A hand-written TraceQL scanner. The parser pulls tokens one at a time; attribute names are read
 * on the parser's request (`readAttributeName`) because their character set differs from tokens.
 */
export class Lexer {
  pos = 0;
  constructor(readonly src: string) {
    if (src.length > MAX_QUERY_LENGTH) throw invalidQuery(`query is ${src.length} characters, the limit is ${MAX_QUERY_LENGTH}`, 0);
  }

  /** The next token, skipping whitespace. */
  next(): Token {
    this.skipSpace();
    const src = this.src;
    const start = this.pos;
    if (start >= src.length) return { kind: 'eof', pos: start };
    const c = src.charCodeAt(start);
    if (c === 0x22 /* " */ || c === 0x60 /* ` */) return { kind: 'string', value: this.readString(), pos: start };
    if (isDigit(c) || (c === 0x2e && isDigit(src.charCodeAt(start + 1)))) return this.readNumber();
    if (isIdentStart(c)) {
      let end = start + 1;
      while (end < src.length && isIdentPart(src.charCodeAt(end))) end++;
      const text = src.slice(start, end);
      const after = src.charCodeAt(end);
      if (after === 0x2e /* . */ && (DOT_SCOPES as readonly string[]).includes(text)) {
        this.pos = end + 1;
        return { kind: 'scopeDot', scope: text as DotScope, pos: start };
      }
      if (after === 0x3a /* : */ && (COLON_SCOPES as readonly string[]).includes(text)) {
        this.pos = end + 1;
        return { kind: 'scopeColon', scope: text as ColonScope, pos: start };
      }
      this.pos = end;
      return { kind: 'ident', text, pos: start };
    }
    for (const p of PUNCTUATION) {
      if (src.startsWith(p, start)) {
        this.pos = start + p.length;
        return { kind: 'punct', text: p, pos: start };
      }
    }
    throw invalidQuery(`unexpected character ${JSON.stringify(src[start])}`, start);
  }

  /**
   * Reads an attribute name right after a scope dot: every character up to whitespace or one of
   * `{}()=~!<>&|^,`, with `"quoted"` parts (escapes `\"` and `\\`) for names holding those.
   */
  readAttributeName(): string {
    const src = this.src;
    const start = this.pos;
    let out = '';
    let i = start;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 0x22) {
        i++;
        let closed = false;
        while (i < src.length) {
          const q = src.charCodeAt(i);
          if (q === 0x22) {
            closed = true;
            i++;
            break;
          }
          if (q === 0x5c /* \ */) {
            const e = src[i + 1];
            if (e !== '"' && e !== '\\') throw invalidQuery('invalid escape sequence in quoted attribute name', i);
            out += e;
            i += 2;
            continue;
          }
          out += src[i];
          i++;
        }
        if (!closed) throw invalidQuery('unterminated quoted attribute name', start);
        continue;
      }
      if (!isAttributeChar(c)) break;
      out += src[i];
      i++;
    }
    if (out.length === 0) throw invalidQuery('expected an attribute name', start);
    this.pos = i;
    return out;
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) this.pos++;
  }

  private readString(): string {
    const src = this.src;
    const start = this.pos;
    const quote = src[start];
    let i = start + 1;
    if (quote === '`') {
      const end = src.indexOf('`', i);
      if (end < 0) throw invalidQuery('unterminated raw string', start);
      this.pos = end + 1;
      return src.slice(i, end);
    }
    let out = '';
    for (;;) {
      if (i >= src.length) throw invalidQuery('unterminated string', start);
      const ch = src[i];
      if (ch === '"') break;
      if (ch === '\n') throw invalidQuery('newline in string', i);
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const e = src[i + 1];
      const simple = SIMPLE_ESCAPES[e ?? ''];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      if (e === 'x' || e === 'u' || e === 'U') {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) throw invalidQuery(`invalid \\${e} escape`, i);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw invalidQuery('escape is not a valid code point', i);
        // \x gives a byte in Go; bytes >= 0x80 alone are not valid UTF-8, so treat them as code points.
        out += String.fromCodePoint(cp);
        i += 2 + n;
        continue;
      }
      if (e !== undefined && e >= '0' && e <= '7') {
        const oct = src.slice(i + 1, i + 4);
        if (!/^[0-7]{3}$/.test(oct)) throw invalidQuery('invalid octal escape', i);
        const v = parseInt(oct, 8);
        if (v > 255) throw invalidQuery('octal escape out of range', i);
        out += String.fromCharCode(v);
        i += 4;
        continue;
      }
      throw invalidQuery('invalid escape sequence in string', i);
    }
    this.pos = i + 1;
    return out;
  }

  private readNumber(): Token {
    const src = this.src;
    const start = this.pos;
    let i = start;
    while (isDigit(src.charCodeAt(i))) i++;
    let isFloat = false;
    if (src.charCodeAt(i) === 0x2e && isDigit(src.charCodeAt(i + 1))) {
      isFloat = true;
      i++;
      while (isDigit(src.charCodeAt(i))) i++;
    }
    // A duration: digits and unit letters up to whitespace or a non-duration character.
    let j = i;
    while (j < src.length && isDurationChar(src.charCodeAt(j))) j++;
    if (j > i) {
      const ns = parseDurationNs(src.slice(start, j));
      if (ns !== undefined) {
        this.pos = j;
        return { kind: 'duration', value: ns, pos: start };
      }
    }
    if (src.charCodeAt(i) === 0x65 /* e */ || src.charCodeAt(i) === 0x45 /* E */) {
      let k = i + 1;
      if (src[k] === '+' || src[k] === '-') k++;
      if (isDigit(src.charCodeAt(k))) {
        while (isDigit(src.charCodeAt(k))) k++;
        i = k;
        isFloat = true;
      }
    }
    const text = src.slice(start, i);
    this.pos = i;
    if (isFloat) return { kind: 'float', value: Number(text), pos: start };
    const value = Number(text);
    if (Number.isSafeInteger(value)) return { kind: 'int', value, big: undefined, pos: start };
    // int64 range, as Tempo: the magnitude may reach 2^63 (for a negated minimum).
    const big = BigInt(text);
    if (big > 1n << 63n) throw invalidQuery(`integer ${text} is out of the int64 range`, start);
    return { kind: 'int', value, big, pos: start };
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"',
};

/**
 * Parses `1h30m`, `1.5s`, `100ms`, `2d` into nanoseconds (Go and Prometheus units), or undefined.
 */
export function parseDurationNs(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h|d|w|y)/y;
  let pos = 0;
  let total = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return undefined;
    total += Number(m[1]) * (NS_PER_UNIT[m[2]] ?? 0);
    pos = re.lastIndex;
  }
  if (pos === 0 || !Number.isFinite(total)) return undefined;
  return Math.round(total);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x85;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isIdentStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isDurationChar(c: number): boolean {
  // digits, '.', n s u m h d w y, µ (U+00B5), μ (U+03BC)
  return isDigit(c) || c === 0x2e || c === 0x6e || c === 0x73 || c === 0x75 || c === 0x6d || c === 0x68 ||
    c === 0x64 || c === 0x77 || c === 0x79 || c === 0xb5 || c === 0x3bc;
}
/** Characters allowed unquoted in an attribute name (Tempo's rule). */
function isAttributeChar(c: number): boolean {
  if (Number.isNaN(c) || isSpace(c)) return false;
  switch (c) {
    case 0x7b: case 0x7d: case 0x28: case 0x29: case 0x3d: case 0x7e: case 0x21:
    case 0x3c: case 0x3e: case 0x26: case 0x7c: case 0x5e: case 0x2c: case 0x22:
      return false;
    default:
      return true;
  }
}
