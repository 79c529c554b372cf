import { parentPort } from 'node:worker_threads';
import { decodeTrace } from '../convert/otlp-proto.js';
import { coreEngine } from './core-engine.js';

// Worker-thread side of WorkerWriter: decodes WAL payloads and writes one blockpack file.

interface Job {
  id: number;
  payloads: Uint8Array[];
  spansPerBlock: number;
  ephemeral: boolean;
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    void (async () => {
      try {
        const bytes = await coreEngine.write(job.payloads.map(decodeTrace), job.spansPerBlock, { ephemeral: job.ephemeral });
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        port.postMessage({ id: job.id, bytes: own }, [own.buffer as ArrayBuffer]);
      } catch (e) {
        port.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}
