import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { PGlite, Results } from '@electric-sql/pglite';
import { ChatsemError, InternalError } from '../../core/index.js';
import type { QueryResult } from '../adapter.js';
import type { Driver, DriverConnection } from '../driver.js';
import { toStatementError } from '../postgres/postgres-errors.js';
import { chunkCopyInput, planCopyFrom } from './pglite-copy.js';

function normalize<Row>(result: Results<Row> | undefined): QueryResult<Row> {
  if (!result) return { rows: [], fields: [], rowCount: null, command: '' };
  const rowCount = result.rowCount ?? (result.command === 'SELECT' ? result.rows.length : (result.affectedRows ?? null));
  return { rows: result.rows, fields: result.fields, rowCount, command: result.command ?? '' };
}

/** One lease of PGlite's single session; unusable after `release`, so a late caller cannot run outside its turn. */
class PGliteLease implements DriverConnection {
  readonly #driver: PGliteDriver;
  readonly #db: PGlite;
  #released = false;

  constructor(driver: PGliteDriver, db: PGlite) {
    this.#driver = driver;
    this.#db = db;
  }

  #check(): PGlite {
    if (this.#released) throw new InternalError('PGlite connection used after it was released');
    return this.#db;
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    const db = this.#check();
    try {
      if (params && params.length > 0) return normalize(await db.query<Row>(sql, params));
      // Without parameters use the simple protocol, which (like pg) accepts several statements; return the last.
      const results = await db.exec(sql);
      return normalize(results[results.length - 1] as Results<Row> | undefined);
    } catch (error) {
      throw toStatementError(error, [], undefined, sql);
    }
  }

  async copyFrom(copySql: string, source: Readable | AsyncIterable<string | Buffer>): Promise<number> {
    const db = this.#check();
    const plan = planCopyFrom(copySql);
    // Several COPYs must succeed or fail together, as one COPY would.
    const own = !db.isInTransaction();
    if (own) await this.query('begin');
    let rows = 0;
    try {
      for await (const chunk of chunkCopyInput(source, plan, this.#driver.copyChunkBytes)) {
        const result = await db.query(plan.sql, [], { blob: new Blob([chunk]) });
        rows += result.rowCount ?? result.affectedRows ?? 0;
      }
      if (own) await this.query('commit');
      return rows;
    } catch (error) {
      if (own) await this.query('rollback').catch(() => undefined);
      throw toStatementError(error, [], undefined, copySql);
    }
  }

  async copyTo(copySql: string, sink: Writable): Promise<number> {
    const db = this.#check();
    const stdout = /\bTO\s+STDOUT\b/i;
    if (!stdout.test(copySql)) throw new InternalError(`copyTo expects "COPY … TO STDOUT", got: ${copySql}`);
    let result: Results;
    try {
      result = await db.query(copySql.replace(stdout, "TO '/dev/blob'"));
    } catch (error) {
      throw toStatementError(error, [], undefined, copySql);
    }
    const blob = result.blob ?? new Blob([]);
    await pipeline(Readable.fromWeb(blob.stream() as WebReadableStream<Uint8Array>), sink);
    return result.rowCount ?? result.affectedRows ?? 0;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#driver.handOver();
  }
}

/**
 * PGlite runs one session in this process. Callers take turns: `acquire` waits for the previous lease to be
 * released, so one caller's BEGIN … COMMIT never interleaves with another's statements.
 */
export class PGliteDriver implements Driver {
  readonly #db: PGlite;
  readonly #onClose: () => void;
  readonly copyChunkBytes: number;
  #busy = false;
  #closed = false;
  #waiting: { resolve: (lease: PGliteLease) => void; reject: (error: Error) => void }[] = [];

  constructor(db: PGlite, copyChunkBytes: number, onClose: () => void) {
    this.#db = db;
    this.copyChunkBytes = copyChunkBytes;
    this.#onClose = onClose;
  }

  acquire(): Promise<DriverConnection> {
    if (this.#closed) return Promise.reject(new ChatsemError('The PGlite database is already closed.'));
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(new PGliteLease(this, this.#db));
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  handOver(): void {
    const next = this.#waiting.shift();
    if (next) next.resolve(new PGliteLease(this, this.#db));
    else this.#busy = false;
  }

  /**
   * A statement running inside PGlite cannot be interrupted (it runs on this thread); cancelling refuses the
   * callers still waiting for their turn, so the run stops after the current statement.
   */
  async cancel(): Promise<void> {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const waiter of waiting) waiter.reject(new ChatsemError('Cancelled before it started (Ctrl-C).', { exitCode: 1 }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.cancel();
    try {
      await this.#db.close();
    } finally {
      this.#onClose();
    }
  }
}
