/**
 * Entry point of the load worker thread (see worker-host.ts): reads the inputs it pulls from the loading
 * thread, produces the load's operations and posts them back. Nothing here touches the database.
 */
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_IN_FLIGHT_BYTES, type OpSink } from './load-ops.js';
import { produceLoad } from './load-producer.js';
import { readInputs } from './read-inputs.js';
import { type FromWorker, type ToWorker, type WorkerStart, serializeError, transferable } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('load-worker.js runs as a worker thread only');

const start = workerData as WorkerStart;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** One pending pull per source; chunks arrive in order because the loading thread answers pulls in order. */
let pending: { source: number; resolve: (data: Uint8Array | null) => void; reject: (error: Error) => void } | null = null;
let inFlight = 0;
let wake: (() => void) | null = null;

port.on('message', (message: ToWorker) => {
  if (message.type === 'ack') {
    inFlight -= message.bytes;
    if (inFlight <= MAX_IN_FLIGHT_BYTES && wake) {
      const resume = wake;
      wake = null;
      resume();
    }
    return;
  }
  const waiting = pending;
  if (waiting === null || waiting.source !== message.source) return;
  pending = null;
  if (message.type === 'chunk') waiting.resolve(message.data);
  else if (message.type === 'eof') waiting.resolve(null);
  else waiting.reject(new Error(message.message));
});

function pull(source: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    pending = { source, resolve, reject };
    post({ type: 'pull', source });
  });
}

async function* bytesOf(source: number): AsyncGenerator<Buffer> {
  for (;;) {
    const data = await pull(source);
    if (data === null) return;
    yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
}

const sink: OpSink = {
  send(op) {
    if (op.kind === 'copy') {
      inFlight += op.bytes;
      post({ type: 'op', op }, transferable(op.buffers));
    } else {
      post({ type: 'op', op });
    }
  },
  async ready() {
    if (inFlight > MAX_IN_FLIGHT_BYTES) await new Promise<void>((resolve) => (wake = resolve));
  },
  progress(progress) {
    post({ type: 'progress', progress });
  },
};

const sources = start.sources.map((name, index) => ({ name, open: () => Readable.from(bytesOf(index), { objectMode: false, highWaterMark: 1 << 20 }) }));

try {
  const summary = await produceLoad(start.config, readInputs(sources, start.format), sink);
  post({ type: 'done', summary });
} catch (error) {
  post({ type: 'error', error: serializeError(error) });
}
