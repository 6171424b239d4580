/**
 * Turns the buffered rows of the raw tables into COPY operations, preceded by the CREATE TABLE / ADD COLUMN
 * they need. Operations go to a sink (the connection's runner, possibly in another thread) while the reader
 * keeps parsing; memory stays bounded because the reader waits on `ready` once too much is in flight.
 */
import { quoteIdentifier } from '../core/index.js';
import type { OpSink, WrittenTable } from './load-ops.js';
import type { ColumnState, TableState } from './raw-tables.js';

/** A table's buffer is sent once it holds this much text. */
const FLUSH_BYTES = 1 << 20;

export type WriteMode = 'direct' | 'staged';

export class TableWriter {
  private stageCounter = 0;
  /** Staging table of each final table (staged mode), with the number of columns it has. */
  private readonly stages = new Map<TableState, { name: string; width: number }>();

  constructor(
    private readonly sink: OpSink,
    private readonly schema: string,
    readonly mode: WriteMode,
  ) {}

  /** Whether `maybeFlush` would send; checked first, so that most batches await nothing. */
  wantsFlush(table: TableState): boolean {
    return table.bufferedBytes >= FLUSH_BYTES;
  }

  /** Sends the table's buffer if it is big enough; waits when too much is already in flight. */
  async maybeFlush(table: TableState): Promise<void> {
    if (this.wantsFlush(table)) {
      this.flush(table);
      await this.sink.ready();
    }
  }

  flushAll(tables: Iterable<TableState>): void {
    for (const table of tables) {
      // A table created this load must exist even when none of its rows survive, so the DDL always runs.
      if (table.bufferedRows > 0 || !table.existsInDatabase || table.pendingColumns.length > 0) this.flush(table);
    }
  }

  flush(table: TableState): void {
    table.rowsWritten += table.bufferedRows;
    const segments = table.take();
    for (const sql of this.ddlFor(table)) this.sink.send({ kind: 'sql', sql });
    const target = this.mode === 'staged' && table.kind !== 'system' ? quoteIdentifier(this.stages.get(table)!.name) : this.final(table);
    const columns = table.columns.map((column) => quoteIdentifier(column.name));
    // One COPY per width: rows encoded before a column appeared leave the later columns out (null).
    for (const segment of segments) {
      this.sink.send({ kind: 'copy', sql: `COPY ${target} (${columns.slice(0, segment.width).join(', ')}) FROM STDIN`, buffers: segment.buffers, bytes: segment.bytes });
    }
  }

  /** COPY of complete lines into a table that needs no DDL (`_rejected_events`). */
  copyLines(copySql: string, lines: string[], bytes: number): void {
    this.sink.send({ kind: 'copy', sql: copySql, buffers: [Buffer.from(`${lines.join('\n')}\n`, 'utf8')], bytes });
  }

  written(table: TableState): WrittenTable {
    return { name: table.name, kind: table.kind, columns: table.columns.map((column) => column.name), rowsWritten: table.rowsWritten, stage: this.stages.get(table)?.name ?? null };
  }

  private final(table: TableState): string {
    return `${quoteIdentifier(this.schema)}.${quoteIdentifier(table.name)}`;
  }

  /** DDL that must run before the table's next batch; computed now, while the column list is this batch's. */
  private ddlFor(table: TableState): string[] {
    const statements: string[] = [];
    const final = this.final(table);
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
