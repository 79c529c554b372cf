import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from './logger.js';
import type { MergeResult } from './compactor.js';

// Runs the blockpack writer in a worker thread so that completing a large head block (seconds of
// CPU) does not stall ingest and queries on the main event loop. Input is the WAL payloads (OTLP
// protobuf bytes); output the file bytes, transferred back without a copy.

interface Reply {
  id: number;
  bytes?: Uint8Array;
  stats?: Omit<MergeResult, 'bytes'>;
  error?: string;
}

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

export class WorkerWriter {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  /** `script`: path of write-worker.js (or .ts when run through tsx). */
  constructor(
    private readonly script: string,
    private readonly logger: Logger,
  ) {}

  /** Writes WAL payloads (OTLP protobuf) into one blockpack file. */
  async write(payloads: readonly Uint8Array[], spansPerBlock: number, ephemeral: boolean): Promise<Uint8Array> {
    const r = await this.send({ kind: 'write', payloads, spansPerBlock, ephemeral });
    return r.bytes!;
  }

  /** Merges local blockpack files (compaction), reading them in the worker. */
  async compact(paths: readonly string[], spansPerBlock: number): Promise<MergeResult> {
    const r = await this.send({ kind: 'compact', paths, spansPerBlock });
    return { bytes: r.bytes!, ...r.stats! };
  }

  private send(job: Record<string, unknown>): Promise<Reply> {
    const w = this.ensure();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a job is out (e.g. completing blocks at shutdown).
      w.ref();
      w.postMessage({ id, ...job });
    });
  }

  /** Starts the worker and loads its modules (an empty write), so the first real job does not wait for that. */
  warmUp(): void {
    this.write([], 2000, true).catch(() => undefined);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
    this.failAll(new Error('writer worker closed'));
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // A .ts script (running from sources under tsx): workers do not inherit tsx's loader hooks,
    // so the worker registers tsx itself before importing the script.
    const w = this.script.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(this.script).href)}); })`, { eval: true })
      : new Worker(this.script);
    w.unref();
    w.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (m.bytes) p.resolve(m);
      else p.reject(new Error(m.error ?? 'writer worker failed'));
    });
    w.on('error', (e) => {
      this.logger.error('writer worker crashed', { error: e.message });
      if (this.worker === w) this.worker = undefined;
      this.failAll(e);
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.failAll(new Error('writer worker exited'));
    });
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
