import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BlockpackError, BlockpackErrorCode, invalidArgument } from '../shared/errors.js';
import { BlockpackWriter } from '../writer/writer.js';
import type { BlockpackWriterOptions } from '../writer/writer.js';

export interface BlockpackFileExporterOptions {
  /** Directory the files go to; created when missing. Required. */
  directory: string;
  /** File names are `<prefix>-<ms since epoch, 13 digits>-<sequence, 6 digits>.blockpack`. Default `spans`. */
  prefix: string;
  /** Close the current file once it holds this many spans. Default 100,000. */
  maxSpansPerFile: number;
  /** Close the current file once this many bytes are written (blocks already flushed). Default 64 MiB. */
  maxBytesPerFile: number;
  /** Close the current file once it is this old (ms since its first span), checked on export and by a timer. Default 60,000. */
  maxFileAgeMs: number;
  /** Writer settings (spans per block, batch size, …) for every file. */
  writer: Readonly<Partial<Omit<BlockpackWriterOptions, 'zstd'>>>;
  /** Clock for file names and ages (ms). Default `Date.now`. */
  now: () => number;
}

/** A finished file, as reported to `onFileClosed` and by `closedFiles`. */
export interface ExportedFile {
  readonly path: string;
  readonly spans: number;
  readonly bytes: number;
}

interface OpenFile {
  readonly path: string;
  readonly tmpPath: string;
  readonly handle: FileHandle;
  readonly writer: BlockpackWriter;
  readonly openedAt: number;
  spans: number;
}

const SUFFIX = '.blockpack';
const TMP_SUFFIX = '.blockpack.tmp';

/**
 * An OpenTelemetry SDK `SpanExporter` that writes finished spans into rolling blockpack files.
 * Spans are serialised with `ProtobufTraceSerializer` (OTLP protobuf) and fed to a
 * `BlockpackWriter`. A file is written as `<name>.blockpack.tmp` and renamed to its final name
 * when it is finished (by size, span count, age, `forceFlush()` or `shutdown()`), so a reader
 * listing `*.blockpack` only ever sees complete files; names sort in creation order.
 *
 * ```ts
 * const exporter = new BlockpackFileExporter({ directory: '/var/spans' });
 * const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
 * ```
 */
export class BlockpackFileExporter implements SpanExporter {
  private readonly opts: BlockpackFileExporterOptions;
  private current: OpenFile | undefined;
  /** Exports, rolls and flushes run one after another on this chain. */
  private chain: Promise<unknown> = Promise.resolve();
  private shutDown = false;
  private sequence = 0;
  private readonly closed: ExportedFile[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  /** @throws BlockpackError INVALID_ARGUMENT on bad options */
  constructor(options: Readonly<Partial<BlockpackFileExporterOptions>> & { directory: string }) {
    const opts: BlockpackFileExporterOptions = {
      directory: options.directory,
      prefix: options.prefix ?? 'spans',
      maxSpansPerFile: options.maxSpansPerFile ?? 100_000,
      maxBytesPerFile: options.maxBytesPerFile ?? 64 * 1024 * 1024,
      maxFileAgeMs: options.maxFileAgeMs ?? 60_000,
      writer: options.writer ?? {},
      now: options.now ?? Date.now,
    };
    if (typeof opts.directory !== 'string' || opts.directory === '') throw invalidArgument('directory is required');
    if (!/^[A-Za-z0-9._-]*$/.test(opts.prefix)) throw invalidArgument(`prefix ${JSON.stringify(opts.prefix)} may hold only letters, digits, '.', '_' and '-'`);
    for (const k of ['maxSpansPerFile', 'maxBytesPerFile', 'maxFileAgeMs'] as const) {
      if (!Number.isSafeInteger(opts[k]) || opts[k] < 1) throw invalidArgument(`${k} must be a positive integer, got ${opts[k]}`);
    }
    this.opts = opts;
    const tick = Math.min(opts.maxFileAgeMs, 1000);
    this.timer = setInterval(() => {
      void this.enqueue(async () => {
        if (this.current !== undefined && this.opts.now() - this.current.openedAt >= this.opts.maxFileAgeMs) await this.closeCurrent();
      }).catch(() => undefined);
    }, tick);
    this.timer.unref();
  }

  /** Files finished so far, oldest first. */
  get closedFiles(): readonly ExportedFile[] {
    return this.closed;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.shutDown) {
      resultCallback({ code: ExportResultCode.FAILED, error: new BlockpackError(BlockpackErrorCode.InvalidState, 'exporter is shut down') });
      return;
    }
    this.enqueue(() => this.write(spans)).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  /** Finishes the current file, so every span exported so far is in a complete file. */
  forceFlush(): Promise<void> {
    return this.enqueue(() => this.closeCurrent());
  }

  /** Finishes the current file and refuses further exports. */
  shutdown(): Promise<void> {
    this.shutDown = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return this.enqueue(() => this.closeCurrent());
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(spans: ReadableSpan[]): Promise<void> {
    if (spans.length === 0) return;
    const bytes = ProtobufTraceSerializer.serializeRequest(spans);
    if (bytes === undefined) throw new BlockpackError(BlockpackErrorCode.InvalidOtlp, 'the OTLP serializer returned nothing');
    if (this.current !== undefined && this.opts.now() - this.current.openedAt >= this.opts.maxFileAgeMs) await this.closeCurrent();
    const file = this.current ?? (await this.openNext());
    await file.writer.add(bytes);
    file.spans += spans.length;
    if (file.spans >= this.opts.maxSpansPerFile || file.writer.bytesWritten >= this.opts.maxBytesPerFile) await this.closeCurrent();
  }

  private async openNext(): Promise<OpenFile> {
    await mkdir(this.opts.directory, { recursive: true });
    if (this.sequence === 0) this.sequence = await this.nextSequence();
    const stamp = String(Math.max(0, Math.floor(this.opts.now()))).padStart(13, '0');
    const name = `${this.opts.prefix}-${stamp}-${String(this.sequence++ % 1_000_000).padStart(6, '0')}`;
    const path = join(this.opts.directory, name + SUFFIX);
    const tmpPath = join(this.opts.directory, name + TMP_SUFFIX);
    const handle = await open(tmpPath, 'wx');
    try {
      const writer = await BlockpackWriter.create({ write: async (c) => void (await handle.write(c)) }, this.opts.writer);
      this.current = { path, tmpPath, handle, writer, openedAt: this.opts.now(), spans: 0 };
      return this.current;
    } catch (e) {
      await handle.close();
      await unlink(tmpPath).catch(() => undefined);
      throw e;
    }
  }

  /** Continues the sequence after files already in the directory with this prefix (a restart). */
  private async nextSequence(): Promise<number> {
    let max = 0;
    for (const f of await readdir(this.opts.directory)) {
      const m = /-(\d{6})\.blockpack(\.tmp)?$/.exec(f);
      if (m !== null && f.startsWith(`${this.opts.prefix}-`)) max = Math.max(max, Number(m[1]) + 1);
    }
    return Math.max(1, max);
  }

  private async closeCurrent(): Promise<void> {
    const file = this.current;
    if (file === undefined) return;
    this.current = undefined;
    try {
      const summary = await file.writer.finish();
      await file.handle.sync();
      await file.handle.close();
      await rename(file.tmpPath, file.path);
      this.closed.push({ path: file.path, spans: summary.spans, bytes: summary.bytes });
    } catch (e) {
      await file.handle.close().catch(() => undefined);
      throw e;
    }
  }
}
