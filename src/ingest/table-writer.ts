/**
 * Writes the buffered rows of the raw tables with COPY, one table batch at a time on the load's connection,
 * applying CREATE TABLE / ADD COLUMN first. Batches go out while the reader keeps parsing (the database works
 * on one COPY while JS prepares the next); memory stays bounded because the reader waits once too much is in
 * flight.
 */
import type { Connection } from '../adapters/index.js';
import { quoteIdentifier } from '../core/index.js';
import { COPY_NULL } from './copy-text.js';
import type { ColumnState, TableState } from './raw-tables.js';

/** A table's buffer is sent once it holds this much text. */
const FLUSH_BYTES = 1 << 20;
/** The reader pauses while more than this much text is waiting for the database. */
const MAX_IN_FLIGHT_BYTES = 32 << 20;
/** COPY data is handed to the driver in chunks of this many rows. */
const CHUNK_LINES = 4096;

export type WriteMode = 'direct' | 'staged';

export class TableWriter {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private inFlight = 0;
  private stageCounter = 0;
  /** Staging table of each final table (staged mode), with the number of columns it has. */
  readonly stages = new Map<TableState, { name: string; width: number }>();

  constructor(
    private readonly connection: Connection,
    private readonly schema: string,
    readonly mode: WriteMode,
  ) {}

  /** Sends the table's buffer if it is big enough; waits when too much is already in flight. */
  async maybeFlush(table: TableState): Promise<void> {
    if (table.bufferedBytes >= FLUSH_BYTES) this.flush(table);
    if (this.inFlight > MAX_IN_FLIGHT_BYTES) await this.drain();
  }

  async flushAll(tables: Iterable<TableState>): Promise<void> {
    for (const table of tables) {
      // A table created this load must exist even when none of its rows survive, so the DDL always runs.
      if (table.lines.length > 0 || !table.existsInDatabase || table.pendingColumns.length > 0) this.flush(table);
    }
    await this.drain();
  }

  async drain(): Promise<void> {
    await this.queue;
    if (this.failure !== null) throw this.failure;
  }

  /** Runs `fn` after everything queued so far, on the same connection. */
  enqueue(bytes: number, fn: () => Promise<void>): void {
    this.inFlight += bytes;
    this.queue = this.queue.then(async () => {
      if (this.failure !== null) return;
      try {
        await fn();
      } catch (error) {
        this.failure = error;
      } finally {
        this.inFlight -= bytes;
      }
    });
  }

  flush(table: TableState): void {
    const lines = table.lines;
    const widths = table.widths;
    const bytes = table.bufferedBytes;
    table.lines = [];
    table.widths = [];
    table.bufferedBytes = 0;
    const ddl = this.ddlFor(table);
    const columns = table.columns.slice();
    const staged = this.mode === 'staged' && table.kind !== 'system';
    table.rowsWritten += lines.length;
    this.enqueue(bytes, async () => {
      for (const statement of ddl) await this.connection.query(statement);
      if (lines.length === 0) return;
      const target = staged ? quoteIdentifier(this.stages.get(table)!.name) : `${quoteIdentifier(this.schema)}.${quoteIdentifier(table.name)}`;
      const list = columns.map((column) => quoteIdentifier(column.name)).join(', ');
      await this.connection.copyFrom(`COPY ${target} (${list}) FROM STDIN`, copyChunks(lines, widths, columns.length));
    });
  }

  /** COPY of complete lines (no padding) on the load's connection; call from inside `enqueue`. */
  async copyLines(copySql: string, lines: string[]): Promise<number> {
    return this.connection.copyFrom(copySql, copyChunks(lines, [], 0));
  }

  /** DDL that must run before the table's next batch; computed now, while the column list is this batch's. */
  private ddlFor(table: TableState): string[] {
    const statements: string[] = [];
    const final = `${quoteIdentifier(this.schema)}.${quoteIdentifier(table.name)}`;
    if (!table.existsInDatabase) {
      statements.push(`CREATE TABLE ${final} (${table.columns.map(columnDefinition).join(', ')})`);
      table.existsInDatabase = true;
    } else if (table.pendingColumns.length > 0) {
      statements.push(`ALTER TABLE ${final} ${table.pendingColumns.map((column) => `ADD COLUMN IF NOT EXISTS ${columnDefinition(column)}`).join(', ')}`);
    }
    table.pendingColumns = [];
    if (this.mode === 'staged' && table.kind !== 'system') {
      const stage = this.stages.get(table);
      if (!stage) {
        const name = `_chatsem_stage_${++this.stageCounter}`;
        // ON COMMIT DROP: the staging copies disappear with the load's transaction whatever happens.
        statements.push(`CREATE TEMPORARY TABLE ${quoteIdentifier(name)} (LIKE ${final}) ON COMMIT DROP`);
        this.stages.set(table, { name, width: table.columns.length });
      } else if (stage.width < table.columns.length) {
        const added = table.columns.slice(stage.width);
        statements.push(`ALTER TABLE ${quoteIdentifier(stage.name)} ${added.map((column) => `ADD COLUMN ${columnDefinition(column)}`).join(', ')}`);
        stage.width = table.columns.length;
      }
    }
    return statements;
  }
}

function columnDefinition(column: ColumnState): string {
  return `${quoteIdentifier(column.name)} ${column.type}`;
}

/**
 * COPY text of the rows, each padded with nulls up to `width` columns, as a few large buffers: one native join
 * per chunk costs far less on the event loop (which also parses the input) than many small writes.
 */
async function* copyChunks(lines: string[], widths: number[], width: number): AsyncGenerator<Buffer> {
  const pads: string[] = [];
  for (let start = 0; start < lines.length; start += CHUNK_LINES) {
    const end = Math.min(lines.length, start + CHUNK_LINES);
    const part = lines.slice(start, end);
    for (let i = 0; i < part.length; i++) {
      const missing = width - (widths[start + i] ?? width);
      if (missing > 0) part[i] += pads[missing] ??= `\t${COPY_NULL}`.repeat(missing);
    }
    yield Buffer.from(`${part.join('\n')}\n`, 'utf8');
  }
}
