/**
 * Runs the CPU side of a load (parsing, hashing, unpacking, COPY encoding) in a worker thread, so that the
 * loading thread only moves bytes: input chunks to the worker, COPY data to the database, which it keeps fed
 * without waiting for the next batch to be parsed. The worker is one sequential producer, so hashes,
 * `_event_order` and column types come out exactly as in-thread (several producers would need the column
 * registry, the per-sender order and the duplicate numbering reconciled across them; on 2 cores, where the
 * database server needs one, they could not run at once anyway).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OpRunner } from './load-ops.js';
import type { InputFormat } from './load-types.js';
import type { InputSource } from './open-inputs.js';
import type { LoadProducerHost } from './run-load.js';
import { type FromWorker, type ToWorker, type WorkerStart, asBuffer, deserializeError } from './worker-protocol.js';

const WORKER_MODULE = new URL('./load-worker.js', import.meta.url);

/**
 * The compiled worker module, or null where it does not exist (running from TypeScript sources under vitest:
 * a worker thread cannot load .ts files, and the load then runs in-thread).
 */
export function loadWorkerModule(): URL | null {
  return existsSync(fileURLToPath(WORKER_MODULE)) ? WORKER_MODULE : null;
}

export function workerHost(module: URL, sources: InputSource[], format: InputFormat): LoadProducerHost {
  return (config, runner, onProgress) =>
    new Promise((resolve, reject) => {
      const start: WorkerStart = { config, format, sources: sources.map((source) => source.name) };
      const worker = new Worker(module, { workerData: start });
      let settled = false;
      const finish = (error: Error | null, summary?: Parameters<typeof resolve>[0]): void => {
        if (settled) return;
        settled = true;
        input.close();
        void worker.terminate();
        if (error) reject(error);
        else resolve(summary!);
      };
      const send = (message: ToWorker): void => worker.postMessage(message);
      const input = new InputPump(sources, send, (error) => finish(error));
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'pull':
            input.pull(message.source);
            break;
          case 'op': {
            const op = message.op.kind === 'copy' ? { ...message.op, buffers: message.op.buffers.map(asBuffer) } : message.op;
            const bytes = op.kind === 'copy' ? op.bytes : 0;
            runner.enqueue(op, () => {
              if (runner.failed) finish(new Error('the database failed'));
              else if (!settled) send({ type: 'ack', bytes });
            });
            break;
          }
          case 'progress':
            onProgress(message.progress);
            break;
          case 'done':
            finish(null, message.summary);
            break;
          case 'error':
            finish(deserializeError(message.error));
            break;
        }
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => finish(new Error(`the load worker stopped unexpectedly (exit code ${code})`)));
    });
}

/** Reads the inputs in this thread, one chunk per pull of the worker. */
class InputPump {
  private iterator: AsyncIterator<Buffer | string> | null = null;
  private current = -1;
  private closed = false;

  constructor(
    private readonly sources: InputSource[],
    private readonly send: (message: ToWorker) => void,
    private readonly fail: (error: Error) => void,
  ) {}

  pull(source: number): void {
    void this.next(source).catch((error: unknown) => this.fail(error as Error));
  }

  close(): void {
    this.closed = true;
    void this.iterator?.return?.();
  }

  private async next(source: number): Promise<void> {
    if (source !== this.current) {
      await this.iterator?.return?.();
      this.current = source;
      this.iterator = (this.sources[source]!.open() as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    }
    let result: IteratorResult<Buffer | string>;
    try {
      result = await this.iterator!.next();
    } catch (error) {
      if (!this.closed) this.send({ type: 'read-error', source, message: (error as Error).message });
      return;
    }
    if (this.closed) return;
    if (result.done) this.send({ type: 'eof', source });
    else this.send({ type: 'chunk', source, data: typeof result.value === 'string' ? Buffer.from(result.value) : result.value });
  }
}
