/**
 * The raw schema as the load sees it: every table's columns and types (from the catalogue plus whatever this
 * load adds), and the encoding of rows into COPY text lines. Columns are only ever appended, so a row encoded
 * before a later column appeared is a prefix of the final column list and is padded with nulls when written.
 */
import { InternalError } from '../core/index.js';
import { type ColumnType, type Scalar, fits, fitsFast, inferType, variantSuffix } from './column-types.js';
import { COPY_NULL, encodeCopyValue, encodePlainCopyValue } from './copy-text.js';
import { fitIdentifier } from './naming.js';
import { type PathNode, newPathNode } from './path-node.js';

/** `system`: bookkeeping tables such as `_rejected_events`, written straight to the raw schema. */
export type TableKind = 'event' | 'child' | 'system';

/** Columns every event row has (`event` and `event_<type>`), semantic-schema.md §2 plus `_event_order`. */
export const EVENT_BASE_COLUMNS: readonly [string, ColumnType][] = [
  ['_record_hash', 'text'],
  ['_load_id', 'text'],
  ['sender_id', 'text'],
  ['timestamp', 'timestamp'],
  ['event', 'text'],
  ['model_id', 'text'],
  ['_event_order', 'bigint'],
];

/** Columns of every child (list) table; `_root_hash` is the event's hash, like dlt's `_dlt_root_id`. */
export const CHILD_BASE_COLUMNS: readonly [string, ColumnType][] = [
  ['_record_hash', 'text'],
  ['_load_id', 'text'],
  ['_parent_hash', 'text'],
  ['_root_hash', 'text'],
  ['_pos', 'bigint'],
];

/** Columns the package's models read: created even when every value seen so far is null. */
const DECLARED_COLUMNS: Record<string, [string, ColumnType][]> = {
  event_user: [
    ['text', 'text'],
    ['parse_data__intent__name', 'text'],
    ['parse_data__intent__confidence', 'double precision'],
    ['message_id', 'text'],
    ['input_channel', 'text'],
  ],
  event_bot: [
    ['text', 'text'],
    ['metadata__utter_action', 'text'],
  ],
  event_action: [
    ['name', 'text'],
    ['confidence', 'double precision'],
    ['policy', 'text'],
  ],
  event_slot: [
    ['name', 'text'],
    ['value', 'text'],
  ],
  event_active_loop: [['name', 'text']],
};

/**
 * PostgreSQL allows 1,600 columns. Keys that would push a table past this budget (bots that put ids or other
 * data into key names) are kept together as JSON in `_extra_json` instead of becoming columns.
 */
export const MAX_COLUMNS_PER_TABLE = 500;
export const EXTRA_JSON_COLUMN = '_extra_json';

export interface ColumnState {
  name: string;
  type: ColumnType;
  /** Added by this load (needs ALTER TABLE … ADD COLUMN / is part of CREATE TABLE). */
  added: boolean;
}

/** Rows of one width (column count) as COPY text: they are copied with the first `width` columns listed. */
export interface RowSegment {
  width: number;
  rows: number;
  bytes: number;
  buffers: Buffer[];
}

/**
 * Rows are written as UTF-8 straight into a Buffer that each table reuses, and handed over as one exactly sized
 * Buffer per this many bytes: buffered rows live outside the JS heap (a row's string dies young, instead of
 * being kept until a join), and a flush passes a few large Buffers (each one costs to pass to the driver or to
 * the worker's parent, which can move only a Buffer that owns its whole memory).
 */
const BYTES_PER_BUFFER = 1 << 20;
const FIRST_BUFFER_BYTES = 16 << 10;

export class TableState {
  readonly columns: ColumnState[] = [];
  private readonly byName = new Map<string, number>();
  /** Columns added since the DDL was last applied. */
  pendingColumns: ColumnState[] = [];
  /** Encoded rows not yet sent; `bufferedBytes` counts them. */
  segments: RowSegment[] = [];
  private buffer: Buffer | null = null;
  private used = 0;
  private usedRows = 0;
  private usedWidth = 0;
  bufferedBytes = 0;
  bufferedRows = 0;
  /** Rows written to the database (or to the staging table) by this load. */
  rowsWritten = 0;
  /** Flattening caches: key paths to columns, and a reusable row (see PathNode). */
  readonly root: PathNode = newPathNode('', 0);
  pathNodes = 0;
  scratch: string[] | null = null;

  constructor(
    readonly name: string,
    readonly kind: TableKind,
    /** False until created in the database by this load. */
    public existsInDatabase: boolean,
  ) {}

  columnIndex(name: string): number | undefined {
    return this.byName.get(name);
  }

  addColumn(name: string, type: ColumnType, added: boolean): number {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    const state: ColumnState = { name, type, added };
    this.columns.push(state);
    this.byName.set(name, this.columns.length - 1);
    if (added) this.pendingColumns.push(state);
    return this.columns.length - 1;
  }

  /**
   * Buffers one encoded row of `width` columns. Columns are only appended, so a row encoded before a column
   * appeared holds the first `width` columns: it is copied with that column list, and the rest are null.
   */
  append(line: string, width: number): void {
    if (width !== this.usedWidth && this.usedRows > 0) this.seal();
    this.usedWidth = width;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: with this much room the row fits without measuring it.
    const room = line.length * 3 + 1;
    let buffer = this.buffer;
    if (buffer === null || buffer.length - this.used < room) buffer = this.makeRoom(room);
    const bytes = buffer.write(line, this.used) + 1;
    buffer[this.used + bytes - 1] = 10;
    this.used += bytes;
    this.usedRows++;
    this.bufferedBytes += bytes;
    this.bufferedRows++;
    if (this.used >= BYTES_PER_BUFFER) {
      this.seal();
      // A huge row grew the buffer; the table keeps only a buffer of the usual size.
      if (buffer.length > 2 * BYTES_PER_BUFFER) this.buffer = null;
    }
  }

  /** A table with few rows keeps a small buffer; a full-sized one is handed over when full. */
  private makeRoom(room: number): Buffer {
    const old = this.buffer;
    if (old !== null && old.length >= BYTES_PER_BUFFER && this.usedRows > 0) {
      this.seal();
      if (old.length >= room) return old;
    }
    const size = Math.max(this.used + room, old === null ? FIRST_BUFFER_BYTES : Math.min(old.length * 2, BYTES_PER_BUFFER));
    const grown = Buffer.allocUnsafeSlow(size);
    if (old !== null && this.used > 0) old.copy(grown, 0, 0, this.used);
    return (this.buffer = grown);
  }

  /** Hands the buffered rows over (to the writer) and starts empty. */
  take(): RowSegment[] {
    this.seal();
    const segments = this.segments;
    this.segments = [];
    this.bufferedBytes = 0;
    this.bufferedRows = 0;
    return segments;
  }

  private seal(): void {
    if (this.usedRows === 0) return;
    const buffer = Buffer.allocUnsafeSlow(this.used);
    this.buffer!.copy(buffer, 0, 0, this.used);
    const last = this.segments[this.segments.length - 1];
    if (last && last.width === this.usedWidth) {
      last.buffers.push(buffer);
      last.rows += this.usedRows;
      last.bytes += buffer.length;
    } else {
      this.segments.push({ width: this.usedWidth, rows: this.usedRows, bytes: buffer.length, buffers: [buffer] });
    }
    this.used = 0;
    this.usedRows = 0;
  }
}

/** One row being built; `cells[i]` is the COPY text of column i. */
export class RowBuilder {
  cells: string[];
  private extra: Record<string, unknown> | null = null;

  /** `plain`: no string value needs COPY escaping (see InputEvent.plain). */
  constructor(
    readonly table: TableState,
    private readonly plain = false,
  ) {
    // Rows of one table are never built inside each other (a list's rows go to its own child table), so each
    // table lends its one scratch array; it is taken while in use, to be safe.
    const scratch = table.scratch;
    if (scratch !== null) {
      table.scratch = null;
      scratch.length = table.columns.length;
      scratch.fill(COPY_NULL);
      this.cells = scratch;
    } else {
      this.cells = new Array<string>(table.columns.length).fill(COPY_NULL);
    }
  }

  /** Sets a base column by position (its type is known to fit). */
  setAt(index: number, text: string): void {
    this.cells[index] = text;
  }

  /** Sets the column of a key path: the common case (column exists, value fits) without any name lookup. */
  setPath(node: PathNode, value: Scalar): void {
    const index = node.index;
    if (index >= 0) {
      const type = this.table.columns[index]!.type;
      if (fitsFast(type, value)) {
        this.cells[index] = this.plain ? encodePlainCopyValue(type, value) : encodeCopyValue(type, value);
        return;
      }
    }
    this.set(node.column, value);
    if (index < 0) {
      const created = this.table.columnIndex(node.column);
      if (created !== undefined) node.index = created;
    }
  }

  /** Sets a data column, creating it or its type variant when needed. */
  set(column: string, value: Scalar): void {
    const table = this.table;
    let index = table.columnIndex(column);
    if (index === undefined) {
      if (table.columns.length >= MAX_COLUMNS_PER_TABLE) return this.overflow(column, value);
      index = table.addColumn(column, inferType(column, value), true);
    }
    let type = table.columns[index]!.type;
    if (!fits(type, value)) {
      const variantType = inferType(column, value);
      const variant = fitIdentifier(`${column}__v_${variantSuffix(variantType)}`);
      let variantIndex = table.columnIndex(variant);
      if (variantIndex === undefined) {
        if (table.columns.length >= MAX_COLUMNS_PER_TABLE) return this.overflow(column, value);
        variantIndex = table.addColumn(variant, variantType, true);
      }
      index = variantIndex;
      type = table.columns[index]!.type;
      if (!fits(type, value)) throw new InternalError(`variant column ${variant} of ${table.name} cannot hold ${typeof value}`);
    }
    this.cells[index] = encodeCopyValue(type, value);
  }

  private overflow(column: string, value: Scalar): void {
    this.extra ??= {};
    this.extra[column] = typeof value === 'bigint' ? value.toString() : value;
  }

  /** Encodes the row and appends it to its table's buffer. */
  finish(): void {
    const table = this.table;
    if (this.extra) {
      const index = table.columnIndex(EXTRA_JSON_COLUMN) ?? table.addColumn(EXTRA_JSON_COLUMN, 'text', true);
      this.cells[index] = encodeCopyValue('text', JSON.stringify(this.extra));
    }
    table.append(this.cells.join('\t'), this.cells.length);
    table.scratch = this.cells;
  }
}

export class RawTables {
  readonly tables = new Map<string, TableState>();

  /** `existing`: table → columns (name, type) of the tables already in the raw schema. */
  constructor(private readonly existing: Map<string, [string, ColumnType][]>) {}

  get(name: string, kind: TableKind): TableState {
    let table = this.tables.get(name);
    if (table) return table;
    const known = this.existing.get(name);
    table = new TableState(name, kind, known !== undefined);
    for (const [column, type] of known ?? []) table.addColumn(column, type, false);
    if (kind !== 'system') for (const [column, type] of kind === 'event' ? EVENT_BASE_COLUMNS : CHILD_BASE_COLUMNS) table.addColumn(column, type, true);
    for (const [column, type] of DECLARED_COLUMNS[name] ?? []) table.addColumn(column, type, true);
    this.tables.set(name, table);
    return table;
  }

  /** Whether this load created or altered the raw schema (bumps `_version`). */
  get schemaChanged(): boolean {
    for (const table of this.tables.values()) {
      if (!this.existing.has(table.name) || table.columns.some((column) => column.added)) return true;
    }
    return false;
  }
}

/** Positions of the base columns of a table, looked up once per table. */
export function baseIndexes(table: TableState): number[] {
  const base = table.kind === 'event' ? EVENT_BASE_COLUMNS : CHILD_BASE_COLUMNS;
  return base.map(([column]) => table.columnIndex(column)!);
}
