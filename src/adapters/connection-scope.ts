import { AsyncLocalStorage } from 'node:async_hooks';
import type { DriverConnection } from './driver.js';

/**
 * A promise chain used as a mutex: `run` calls wait for the previous one to settle. Nested transactions on one
 * connection take it so that two concurrent savepoints never interleave.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** The connection the current async call chain holds, so nested adapter calls reuse it instead of deadlocking. */
export interface ConnectionScope {
  connection: DriverConnection;
  /** 0 outside a transaction, 1 inside BEGIN, 2+ inside savepoints. */
  transactionDepth: number;
  /** Serialises transactions started by callers inside this scope. */
  children: Mutex;
}

export class ScopeTracker {
  readonly #storage = new AsyncLocalStorage<ConnectionScope>();
  #savepoints = 0;

  current(): ConnectionScope | undefined {
    return this.#storage.getStore();
  }

  run<T>(scope: ConnectionScope, fn: () => Promise<T>): Promise<T> {
    return this.#storage.run(scope, fn);
  }

  nextSavepointName(): string {
    this.#savepoints += 1;
    return `chatsem_sp_${this.#savepoints}`;
  }
}
