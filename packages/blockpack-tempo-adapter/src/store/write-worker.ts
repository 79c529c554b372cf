import { parentPort } from 'node:worker_threads';
import { groupSpans, openBlockpackFile } from '@blockpack/core';
import { decodeTrace } from '../convert/otlp-proto.js';
import type { Trace } from '../convert/model.js';
import { mergeSpanSources } from './compactor.js';
import { coreEngine } from './core-engine.js';

// Worker-thread side of WorkerWriter: writes WAL payloads into one blockpack file, or merges local
// blockpack files (compaction).

type Job =
  | { id: number; kind: 'write'; payloads: Uint8Array[]; spansPerBlock: number; ephemeral: boolean }
  | { id: number; kind: 'compact'; paths: string[]; spansPerBlock: number };

function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

async function* fileSpans(path: string): AsyncIterable<Trace> {
  const reader = await openBlockpackFile(path);
  try {
    for await (const b of reader.iterateBlocks()) yield groupSpans(reader.spansOf(b));
  } finally {
    await reader.close();
  }
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    void (async () => {
      try {
        if (job.kind === 'compact') {
          const { bytes, ...stats } = await mergeSpanSources(job.paths.map(fileSpans), (batches) => coreEngine.write(batches, job.spansPerBlock));
          const own = owned(bytes);
          port.postMessage({ id: job.id, bytes: own, stats }, [own.buffer as ArrayBuffer]);
          return;
        }
        const bytes = owned(await coreEngine.write(job.payloads.map(decodeTrace), job.spansPerBlock, { ephemeral: job.ephemeral }));
        port.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]);
      } catch (e) {
        port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}
