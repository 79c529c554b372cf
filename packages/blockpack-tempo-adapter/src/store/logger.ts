/** Minimal structured logger: one line per event. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  let s = `level=${level} msg=${JSON.stringify(msg)}`;
  if (fields) for (const [k, v] of Object.entries(fields)) s += ` ${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`;
  return s;
}

/** Logs logfmt-style lines to stderr. */
export const consoleLogger: Logger = {
  info: (m, f) => process.stderr.write(line('info', m, f) + '\n'),
  warn: (m, f) => process.stderr.write(line('warn', m, f) + '\n'),
  error: (m, f) => process.stderr.write(line('error', m, f) + '\n'),
};

/** Discards everything (tests, embedding). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
