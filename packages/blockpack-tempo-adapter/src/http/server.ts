import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TempoError, TempoErrorCode, httpStatusOf, isTempoError } from '../errors.js';
import { DEFAULT_TENANT, validateTenant } from '../backend/ids.js';
import { TempoStore } from '../store/tempo-store.js';
import type { StoreOptions } from '../store/options.js';
import type { BlockEngine } from '../store/engine.js';
import { coreEngine } from '../store/core-engine.js';
import { consoleLogger } from '../store/logger.js';
import type { Logger } from '../store/logger.js';
import { handleIngest } from './ingest.js';
import { handleTraceById } from './traces.js';
import { routeSearch } from './search.js';
import { sendJson, sendText } from './respond.js';

/** The Tempo version reported to Grafana (≥ 2.7.0 enables its newer features; streaming stays off). */
export const REPORTED_TEMPO_VERSION = '2.9.0';
export const ADAPTER_VERSION = '0.1.0';

export interface ServerOptions extends StoreOptions {
  /** Port; 0 picks a free one. Default 3200 (Tempo's HTTP port). */
  readonly port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  readonly host?: string;
  /** When true, a request without X-Scope-OrgID is refused with 401; otherwise it uses `single-tenant`. */
  readonly requireTenant?: boolean;
  /** Largest raw request body. Default 16 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest body after decompression. Default 64 MiB. */
  readonly maxDecompressedBytes?: number;
  /** Largest trace returned by trace-by-id, as encoded protobuf bytes. Default 50 MiB (v2: PARTIAL, v1: 422). */
  readonly maxBytesPerTrace?: number;
  /** A blockpack engine; defaults to @blockpack/core. */
  readonly engine?: BlockEngine;
}

export interface RunningServer {
  readonly server: Server;
  readonly store: TempoStore;
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits for requests in flight, completes head blocks (unless disabled) and closes the store. */
  close(): Promise<void>;
}

function tenantOf(req: IncomingMessage, requireTenant: boolean): string {
  const h = req.headers['x-scope-orgid'];
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined || v === '') {
    if (requireTenant) throw new TempoError(TempoErrorCode.InvalidTenant, 'no org id');
    return DEFAULT_TENANT;
  }
  return validateTenant(v.trim());
}

/** Starts the HTTP server (OTLP ingest + Tempo query API) over a data folder. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger: Logger = options.logger ?? consoleLogger;
  const engine = options.engine ?? (await defaultEngine());
  const store = await TempoStore.open({ ...options, logger }, engine);
  const limits = { maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024, maxDecompressedBytes: options.maxDecompressedBytes ?? 64 * 1024 * 1024 };
  const requireTenant = options.requireTenant ?? false;
  const maxBytesPerTrace = options.maxBytesPerTrace ?? 50 * 1024 * 1024;
  let ready = true;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/ready') return sendText(req, res, ready ? 200 : 503, ready ? 'ready' : 'not ready');
    if (path === '/api/echo') return sendText(req, res, 200, 'echo');
    if (path === '/api/status/buildinfo') {
      return sendJson(req, res, 200, { version: REPORTED_TEMPO_VERSION, revision: `blockpack-tempo-adapter-${ADAPTER_VERSION}`, branch: 'main', buildUser: '', buildDate: '', goVersion: 'n/a' });
    }
    if (!ready) return sendText(req, res, 503, 'not ready');
    let tenant: string;
    try {
      tenant = tenantOf(req, requireTenant);
    } catch (e) {
      req.resume();
      if (isTempoError(e) && e.message === 'no org id') return sendText(req, res, 401, 'no org id');
      throw e;
    }
    if (path === '/v1/traces') {
      if (method !== 'POST') return sendText(req, res, 405, 'method not allowed: use POST');
      return handleIngest(req, res, store, tenant, limits);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume();
      return sendText(req, res, 405, 'method not allowed: use GET');
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/(v2\/)?traces\/([^/]*)$/.exec(path))) {
      let id: string;
      try {
        id = decodeURIComponent(m[2]!);
      } catch {
        throw new TempoError(TempoErrorCode.InvalidTraceId, 'invalid trace id: bad percent-encoding');
      }
      return handleTraceById(req, res, store, tenant, id, url.searchParams, m[1] !== undefined, maxBytesPerTrace);
    }
    if (await routeSearch(req, res, store, tenant, path, url.searchParams)) return;
    sendText(req, res, 404, '404 page not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (isTempoError(e)) {
        sendText(req, res, httpStatusOf(e.code), e.message);
        return;
      }
      logger.error('request failed', { path: req.url ?? '', error: (e as Error)?.message ?? String(e) });
      sendText(req, res, 500, 'internal error');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3200, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  logger.info('listening', { url, data: options.dataDir, fsync: store.options.fsync, writerWorker: store.options.writerWorker ?? 'none' });
  return {
    server,
    store,
    url,
    port: addr.port,
    async close() {
      ready = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await store.close();
      logger.info('stopped', { url });
    },
  };
}

async function defaultEngine(): Promise<BlockEngine> {
  return coreEngine;
}
