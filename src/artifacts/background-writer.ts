import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Manifest, ManifestNode } from '../core/index.js';
import { compiledFileLocator } from './compiled-files.js';
import { serializeManifest } from './manifest-json.js';
import { WRITER_WORKER_SOURCE } from './writer-worker-source.js';
import { temporaryName } from './write-file.js';

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** A read: its outcome is not that of the writes (flush does not report it). */
  readOnly?: boolean;
}

/** Files read by `readTexts`, in the order asked. */
export interface TextFiles {
  contents: string[];
  /** sha256 (hex) of each text. */
  checksums: string[];
}

/** Manifest bytes are handed to the worker in buffers of this size. */
const CHUNK = 1 << 21;

type Utf8Writer = (buffer: Buffer, text: string, offset: number) => number;
/** Buffer's own UTF-8 writer, without `write`'s argument juggling (hundreds of thousands of small pieces). */
const utf8Write: Utf8Writer = typeof (Buffer.prototype as unknown as { utf8Write?: unknown }).utf8Write === 'function'
  ? (buffer, text, offset) => (buffer as unknown as { utf8Write(text: string, offset: number): number }).utf8Write(text, offset)
  : (buffer, text, offset) => buffer.write(text, offset, 'utf8');

/**
 * Writes artifacts on a worker thread, so the file system work (tens of thousands of compiled files, a manifest of
 * tens of megabytes) runs on the second core while the main thread goes on — e.g. serialising the manifest while
 * the compiled files are being written. Writes happen in the order they were asked for, with the same results as
 * the synchronous writers (unchanged compiled files are not rewritten; manifest.json is replaced atomically).
 * `flush()` waits for everything asked so far and rejects with the first failure; `close()` also stops the thread.
 * While nothing is pending the thread does not keep the process alive.
 */
export class BackgroundWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter | null>();
  private failure: unknown = null;
  private closed = false;

  constructor() {
    this.worker = new Worker(WRITER_WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (message: { ack: number; error?: unknown; value?: unknown }) => this.settle(message.ack, message.error, message.value));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the artifact writer thread stopped (exit code ${code})`));
    });
  }

  /**
   * Reads UTF-8 text files on the thread, with the sha256 of each text, so the caller can do other work meanwhile.
   * Rejects with the first file that cannot be read (without its error details: read it again to have them).
   */
  readTexts(files: string[]): Promise<TextFiles> {
    if (this.closed) return Promise.reject(new Error('the artifact writer is closed'));
    return new Promise<TextFiles>((resolve, reject) => this.post({ op: 'read-texts', files }, { resolve: resolve as (value: unknown) => void, reject, readOnly: true }));
  }

  /**
   * Reads the files under `directory` on the thread, to compare them with what writeCompiledFiles asks for later
   * without reading them then: queued before a compile, the reads overlap it. Only a cache: a file that changed in
   * between is still compared with what is on disk.
   */
  readAhead(directory: string): void {
    this.post({ op: 'read-ahead', dir: directory });
  }

  /**
   * Queues `target/compiled/<package>/<path>` for each node with compiled code and returns `unique_id →
   * compiled_path` at once, as writeCompiledFiles does. The contents are taken now: later changes to a node are
   * not written.
   */
  writeCompiledFiles(targetDir: string, projectName: string, nodes: Iterable<ManifestNode>, options: { projectRoot?: string } = {}): Record<string, string> {
    const files: [string, string][] = [];
    const paths: Record<string, string> = {};
    const locate = compiledFileLocator(targetDir, projectName, options.projectRoot);
    for (const node of nodes) {
      if (node.compiled_code === null || node.compiled_code === undefined) continue;
      const { file, relativePath } = locate(node);
      files.push([file, node.compiled_code]);
      paths[node.unique_id] = relativePath;
    }
    if (files.length > 0) this.post({ op: 'files', files });
    return paths;
  }

  /**
   * Serialises manifest.json here (the objects live on this thread), encoding the text straight into buffers that
   * are handed over to the worker without a copy: no string of the whole text, nor of a buffer's worth, is built.
   */
  writeManifest(targetDir: string, manifest: Manifest): string {
    const path = join(targetDir, 'manifest.json');
    this.post({ op: 'open', path, temporary: temporaryName(path) });
    let buffer = Buffer.allocUnsafeSlow(CHUNK);
    let used = 0;
    // allocUnsafeSlow: a buffer of its own (not a slice of the shared pool), so it can be transferred.
    const hand = (bytes: Buffer<ArrayBuffer>, length: number): void => {
      if (length > 0) this.post({ op: 'bytes', bytes: bytes.buffer, length }, null, [bytes.buffer]);
    };
    try {
      serializeManifest(manifest, (text) => {
        // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
        if (text.length * 3 <= CHUNK - used) {
          used += utf8Write(buffer, text, used);
          return;
        }
        hand(buffer, used);
        buffer = Buffer.allocUnsafeSlow(CHUNK);
        used = 0;
        if (text.length * 3 <= CHUNK) used = utf8Write(buffer, text, 0);
        else {
          const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
          hand(bytes, utf8Write(bytes, text, 0));
        }
      });
    } catch (error) {
      this.post({ op: 'abort' });
      throw error;
    }
    hand(buffer, used);
    this.post({ op: 'commit' });
    return path;
  }

  /** Resolves when everything queued so far is on disk; rejects with the first write that failed. */
  flush(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.post({ op: 'flush' }, { resolve: () => resolve(), reject }));
  }

  /** Flushes, then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  /** Every message is acknowledged, so the thread is kept alive (ref) exactly while work is outstanding. */
  private post(message: Record<string, unknown>, waiter: Waiter | null = null, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw new Error('the artifact writer is closed');
    const id = this.nextId++;
    this.waiting.set(id, waiter);
    if (this.waiting.size === 1) this.worker.ref();
    this.worker.postMessage({ ...message, ack: id }, transfer);
  }

  private settle(id: number, error: unknown, value: unknown): void {
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    const failed = error !== undefined && error !== null;
    if (waiter?.readOnly) {
      // A read changes nothing on disk: its failure is its caller's, not a failed write.
      if (failed) waiter.reject(error);
      else waiter.resolve(value);
    } else {
      if (failed) this.failure ??= error;
      if (waiter) {
        if (this.failure !== null) waiter.reject(this.failure);
        else waiter.resolve(value);
      }
    }
    if (this.waiting.size === 0) this.worker.unref();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter?.reject(this.failure);
    this.waiting.clear();
    this.worker.unref();
  }
}
