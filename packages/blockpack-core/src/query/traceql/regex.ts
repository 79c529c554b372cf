import { invalidQuery, unsupportedQuery } from '../errors.js';

/** Longest pattern accepted (characters). */
const MAX_PATTERN = 4096;

/**
 * Compiles a TraceQL (RE2-syntax) pattern to a JavaScript RegExp that matches the WHOLE value, as
 * Tempo does (it anchors patterns as `^(?s:…)$`). Features JavaScript has but RE2 lacks
 * (backreferences, lookaround) are rejected so a query means the same thing in Go and here;
 * RE2 features JavaScript lacks (`\pL` classes, inline flag groups) are rejected as unsupported.
 * @throws BlockpackError `INVALID_QUERY` or `UNSUPPORTED_QUERY` at `pos`.
 */
export function compileTraceQLRegex(pattern: string, pos: number): RegExp {
  if (pattern.length > MAX_PATTERN) throw invalidQuery(`regex is longer than ${MAX_PATTERN} characters`, pos);
  let flags = 's';
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead !== null) {
    for (const f of lead[1]) {
      if (f === 'U') throw unsupportedQuery('regex flag U (ungreedy) is not supported', pos);
      if (f === 'i' && !flags.includes('i')) flags += 'i';
      if (f === 'm' && !flags.includes('m')) flags += 'm';
    }
    body = body.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const e = body[i + 1];
      if (e === undefined) throw invalidQuery('regex ends with a lone backslash', pos);
      if (e >= '1' && e <= '9') throw invalidQuery('regex backreferences are not RE2 syntax', pos);
      if (e === 'k') throw invalidQuery('regex backreferences are not RE2 syntax', pos);
      if (e === 'p' || e === 'P') throw unsupportedQuery('regex Unicode classes (\\p) are not supported', pos);
      if (e === 'C') throw unsupportedQuery('regex \\C is not supported', pos);
      if (!inClass && e === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && e === 'z') {
        out += '$(?![\\s\\S])';
        i++;
        continue;
      }
      if (e === 'Q') {
        const end = body.indexOf('\\E', i + 2);
        const lit = end < 0 ? body.slice(i + 2) : body.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? body.length : end + 1;
        continue;
      }
      out += c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && body[i + 1] === ':') {
        const end = body.indexOf(':]', i + 2);
        const name = end < 0 ? '' : body.slice(i + 2, end);
        const cls = Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
        if (cls === undefined) throw unsupportedQuery(`regex class [:${name}:] is not supported`, pos);
        out += cls;
        i = end + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A leading ']' (or '^]') is a literal in RE2.
      if (body[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (body[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && body[i + 1] === '?') {
      const rest = body.slice(i + 2);
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 2;
        continue;
      }
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!')) {
        out += '(?<';
        i += 2;
        continue;
      }
      if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) {
        throw invalidQuery('regex lookaround is not RE2 syntax', pos);
      }
      throw unsupportedQuery('regex inline flag groups are only supported at the start of the pattern', pos);
    }
    out += c;
  }
  if (hasNestedQuantifier(out)) {
    // JavaScript backtracks where RE2 does not: `(a+)+` can take exponential time on hostile values.
    throw unsupportedQuery('regex with a repeated group that itself repeats (like (a+)+) is not supported', pos);
  }
  try {
    return new RegExp(`^(?:${out})$`, flags);
  } catch (e) {
    throw invalidQuery(`invalid regex: ${(e as Error).message}`, pos);
  }
}

/** True when a group holding an unbounded quantifier is itself repeated without bound. */
function hasNestedQuantifier(re: string): boolean {
  const stack: boolean[] = [];
  let inner = false;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      stack.push(inner);
      inner = false;
    } else if (c === ')') {
      const had: boolean = inner;
      inner = stack.pop() ?? false;
      const next = re[i + 1];
      const repeats = next === '*' || next === '+' || (next === '{' && /^\{\d*,\}/.test(re.slice(i + 1)));
      if (had && repeats) return true;
      inner ||= had || repeats;
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(re.slice(i)))) {
      inner = true;
    }
  }
  return false;
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
