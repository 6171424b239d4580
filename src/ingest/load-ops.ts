/**
 * What a load asks of the database, in order: DDL and COPY statements with their data. The producer (parsing,
 * hashing, unpacking; in-thread or in a worker) emits them; `OpRunner` runs them one after the other on the
 * load's connection while the producer prepares the next ones.
 */
import type { Connection } from '../adapters/index.js';
import type { LoadProgress } from './load-types.js';
import type { TableKind } from './raw-tables.js';

export type LoadOp = { kind: 'sql'; sql: string } | { kind: 'copy'; sql: string; buffers: Buffer[]; bytes: number };

/** Where the producer sends its operations. `ready` resolves once little enough is waiting for the database. */
export interface OpSink {
  send(op: LoadOp): void;
  ready(): Promise<void>;
  progress(progress: LoadProgress): void;
}

/** A raw table as the load left it, for the final merge. */
export interface WrittenTable {
  name: string;
  kind: TableKind;
  /** Column names in table order. */
  columns: string[];
  rowsWritten: number;
  /** The temporary table the rows went to (staged mode). */
  stage: string | null;
}

/** What the producer reports once every item is read and every operation sent. */
export interface ProducerSummary {
  read: number;
  valid: number;
  rejected: number;
  tables: WrittenTable[];
  inLoadDuplicatesPossible: boolean;
  schemaChanged: boolean;
  source?: string;
}

/** The reader pauses while more than this much COPY text is waiting for the database. */
export const MAX_IN_FLIGHT_BYTES = 32 << 20;

/** Runs operations in order on one connection; the first failure is kept and reported by `drain`. */
export class OpRunner {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly connection: Connection) {}

  get failed(): boolean {
    return this.failure !== null;
  }

  enqueue(op: LoadOp, done?: () => void): void {
    const bytes = op.kind === 'copy' ? op.bytes : 0;
    this.inFlight += bytes;
    this.queue = this.queue.then(async () => {
      try {
        if (this.failure !== null) return;
        if (op.kind === 'sql') await this.connection.query(op.sql);
        else await this.connection.copyFrom(op.sql, each(op.buffers));
      } catch (error) {
        this.failure = error;
      } finally {
        this.inFlight -= bytes;
        done?.();
        if (this.inFlight <= MAX_IN_FLIGHT_BYTES || this.failure !== null) for (const wake of this.waiters.splice(0)) wake();
      }
    });
  }

  /** Resolves when the backlog is small again (or something failed: the producer stops at the next `drain`). */
  async ready(): Promise<void> {
    if (this.inFlight > MAX_IN_FLIGHT_BYTES && this.failure === null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure !== null) throw this.failure;
  }

  async drain(): Promise<void> {
    await this.queue;
    if (this.failure !== null) throw this.failure;
  }
}

async function* each(buffers: Buffer[]): AsyncGenerator<Buffer> {
  yield* buffers;
}
