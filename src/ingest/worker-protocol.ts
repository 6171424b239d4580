/**
 * Messages between the loading thread and the load worker. The worker pulls input bytes source by source (so
 * at most a few chunks are ever in flight), and sends back operations, which the loading thread acknowledges
 * once the database has run them (so at most MAX_IN_FLIGHT_BYTES of COPY text waits at any time).
 */
import { ChatsemError, type SourceLocation } from '../core/index.js';
import type { LoadOp, ProducerSummary } from './load-ops.js';
import type { InputFormat, LoadProgress } from './load-types.js';
import type { ProducerConfig } from './load-producer.js';

export interface WorkerStart {
  config: ProducerConfig;
  format: InputFormat;
  /** Names of the inputs, in load order. */
  sources: string[];
}

export type ToWorker =
  | { type: 'chunk'; source: number; data: Uint8Array }
  | { type: 'eof'; source: number }
  | { type: 'read-error'; source: number; message: string }
  | { type: 'ack'; bytes: number };

export type FromWorker =
  | { type: 'pull'; source: number }
  | { type: 'op'; op: LoadOp }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'done'; summary: ProducerSummary }
  | { type: 'error'; error: SerializedError };

export type SerializedError =
  | { chatsem: true; name: string; message: string; location?: SourceLocation; hint?: string; node?: string; exitCode: 1 | 2 }
  | { chatsem: false; message: string; stack?: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ChatsemError) {
    return { chatsem: true, name: error.name, message: error.message, location: error.location, hint: error.hint, node: error.node, exitCode: error.exitCode };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { chatsem: false, message: plain.message, stack: plain.stack };
}

export function deserializeError(error: SerializedError): Error {
  if (error.chatsem) {
    const revived = new ChatsemError(error.message, { location: error.location, hint: error.hint, node: error.node, exitCode: error.exitCode });
    revived.name = error.name;
    return revived;
  }
  const revived = new Error(`load worker: ${error.message}`);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** A Buffer arrives in the other thread as a plain Uint8Array; this views the same bytes as a Buffer again. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The ArrayBuffers of `buffers` that can be moved instead of copied (a Buffer from the shared pool cannot). */
export function transferable(buffers: Uint8Array[]): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  for (const buffer of buffers) {
    const whole = buffer.buffer;
    if (whole instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === whole.byteLength && !list.includes(whole)) list.push(whole);
  }
  return list;
}
