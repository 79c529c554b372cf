import { existsSync, realpathSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../http/server.js';
import { consoleLogger } from '../store/logger.js';
import { formatInspect, inspectPath } from './inspect.js';

const USAGE = `usage:
  blockpack-tempo serve --data <dir> [--port 3200] [--host 127.0.0.1] [--fsync always|never]
                        [--max-block-spans N] [--max-block-age-s S] [--retention-h H] [--require-tenant]
                        [--writer-threads]
  blockpack-tempo inspect <file.blockpack | block dir> [--json]`;

/** The writer worker next to the running CLI entry (dist/store/write-worker.js, or .ts under tsx). */
function writerWorkerPath(): string | undefined {
  const entry = process.argv[1];
  if (!entry) return undefined;
  try {
    const real = realpathSync(entry);
    const p = join(dirname(real), 'store', `write-worker${extname(real)}`);
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the CLI; resolves with the exit code (serve resolves when the server stops). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'serve') {
    const { values } = parseArgs({
      args: [...rest],
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '3200' },
        host: { type: 'string', default: '127.0.0.1' },
        fsync: { type: 'string', default: 'always' },
        'max-block-spans': { type: 'string' },
        'max-block-age-s': { type: 'string' },
        'require-tenant': { type: 'boolean', default: false },
        'retention-h': { type: 'string' },
        'writer-threads': { type: 'boolean', default: false },
      },
    });
    if (!values.data) {
      process.stderr.write(`--data is required\n${USAGE}\n`);
      return 2;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`invalid --port ${values.port}\n`);
      return 2;
    }
    if (values.fsync !== 'always' && values.fsync !== 'never') {
      process.stderr.write(`invalid --fsync ${values.fsync}: use always or never\n`);
      return 2;
    }
    const srv = await startServer({
      dataDir: values.data,
      port,
      host: values.host!,
      fsync: values.fsync,
      requireTenant: values['require-tenant']!,
      ...(values['max-block-spans'] ? { maxBlockSpans: Number(values['max-block-spans']) } : {}),
      ...(values['max-block-age-s'] ? { maxBlockAgeMs: Number(values['max-block-age-s']) * 1000 } : {}),
      ...(values['retention-h'] ? { blockRetentionMs: Number(values['retention-h']) * 3_600_000 } : {}),
      logger: consoleLogger,
      ...(values['writer-threads'] && writerWorkerPath() ? { writerWorker: writerWorkerPath()! } : {}),
    });
    // One line on stdout that scripts (and the crash test) can wait for.
    process.stdout.write(`listening ${srv.url}\n`);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (sig: string) => {
        if (stopping) return;
        stopping = true;
        consoleLogger.info('shutting down', { signal: sig });
        srv.close().then(resolve, (e: unknown) => {
          consoleLogger.error('shutdown failed', { error: (e as Error).message });
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  }
  if (cmd === 'inspect') {
    const { values, positionals } = parseArgs({ args: [...rest], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    if (positionals.length !== 1) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const r = await inspectPath(positionals[0]!);
    process.stdout.write((values.json ? JSON.stringify(r, null, 2) : formatInspect(r)) + '\n');
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return cmd === undefined || cmd === '--help' || cmd === 'help' ? 0 : 2;
}
