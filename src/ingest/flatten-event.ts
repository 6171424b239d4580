/**
 * Unpacks one event into rows the way dlt's relational normaliser does: a row in `event` (base columns only),
 * a row in `event_<type>` with nested keys flattened as `a__b__c`, and lists in child tables
 * `<table>__<path>` (`_parent_hash`, `_pos`, and `value` for scalar items; a list of lists gets an
 * intermediate row whose items go to `<child>__list`, as in dlt).
 *
 * Depth rule: a column path has at most MAX_COLUMN_DEPTH keys and lists nest at most MAX_TABLE_DEPTH tables
 * deep; an object or list past either limit is stored whole as JSON text in the column at the limit. Real Rasa
 * data (parse_data, response_selector, slot snapshots in bot metadata) fits inside; only pathological
 * metadata is cut, and then it is kept, not dropped.
 */
import type { Scalar } from './column-types.js';
import { escapeCopyText } from './copy-text.js';
import { PATH_SEPARATOR, eventTableName, fitIdentifier, snakeCase } from './naming.js';
import { CHILD_BASE_COLUMNS, EVENT_BASE_COLUMNS, type RawTables, RowBuilder, type TableState, baseIndexes } from './raw-tables.js';
import { sha256Hex32 } from './record-hash.js';

export const MAX_COLUMN_DEPTH = 5;
export const MAX_TABLE_DEPTH = 3;

/** Keys of the event that are base columns, not data columns. */
const BASE_KEYS = new Set(['event', 'timestamp', 'sender_id', 'model_id']);
/**
 * A key that would land on a system column (`_record_hash`, `_pos` …) is left out: the system column must keep
 * its meaning, and no Rasa producer writes such keys.
 */
const EVENT_SYSTEM = new Set(EVENT_BASE_COLUMNS.map(([name]) => name));
const CHILD_SYSTEM = new Set(CHILD_BASE_COLUMNS.map(([name]) => name));

export interface PreparedEvent {
  hash: string;
  loadId: string;
  sender: string;
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. */
  timestamp: string;
  type: string;
  modelId: string | null;
  order: number;
  body: Record<string, unknown>;
}

/** Rows written per table for one event, so the caller can count. */
export class EventFlattener {
  private readonly baseIndexCache = new Map<TableState, number[]>();

  constructor(private readonly tables: RawTables) {}

  flatten(event: PreparedEvent): void {
    const eventTable = this.tables.get('event', 'event');
    const base = this.baseRow(eventTable, event);
    base.finish();
    const typeTable = this.tables.get(eventTableName(event.type), 'event');
    const row = this.baseRow(typeTable, event);
    const context: FlattenContext = { rootHash: event.hash, loadId: event.loadId };
    for (const key of Object.keys(event.body)) {
      if (BASE_KEYS.has(key)) continue;
      const value = event.body[key];
      const column = snakeCase(key);
      if (EVENT_SYSTEM.has(column)) continue;
      if (event.type === 'slot' && key === 'value') {
        this.slotValue(row, value, context, typeTable, event.hash);
        continue;
      }
      this.value(row, column, 1, value, context, typeTable, event.hash, 0);
    }
    row.finish();
  }

  private baseRow(table: TableState, event: PreparedEvent): RowBuilder {
    const indexes = this.indexes(table);
    const row = new RowBuilder(table);
    row.setAt(indexes[0]!, event.hash);
    row.setAt(indexes[1]!, event.loadId);
    row.setAt(indexes[2]!, escapeCopyText(event.sender));
    row.setAt(indexes[3]!, event.timestamp);
    row.setAt(indexes[4]!, escapeCopyText(event.type));
    if (event.modelId !== null) row.setAt(indexes[5]!, escapeCopyText(event.modelId));
    row.setAt(indexes[6]!, String(event.order));
    return row;
  }

  private indexes(table: TableState): number[] {
    let indexes = this.baseIndexCache.get(table);
    if (!indexes) {
      indexes = baseIndexes(table);
      this.baseIndexCache.set(table, indexes);
    }
    return indexes;
  }

  /** `event_slot.value` is always text; an object value is also unpacked into `value__<key>` columns. */
  private slotValue(row: RowBuilder, value: unknown, context: FlattenContext, table: TableState, rowHash: string): void {
    if (value === null || value === undefined) return;
    row.set('value', typeof value === 'string' ? value : jsonText(value));
    if (typeof value === 'object' && !Array.isArray(value)) this.value(row, 'value', 1, value, context, table, rowHash, 0);
  }

  private value(
    row: RowBuilder,
    column: string,
    depth: number,
    value: unknown,
    context: FlattenContext,
    table: TableState,
    rowHash: string,
    tableDepth: number,
  ): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') {
      row.set(column, value as Scalar);
      return;
    }
    if (Array.isArray(value)) {
      if (tableDepth >= MAX_TABLE_DEPTH) row.set(column, jsonText(value));
      else this.list(fitIdentifier(`${table.name}${PATH_SEPARATOR}${column}`), value, context, rowHash, tableDepth + 1);
      return;
    }
    if (depth >= MAX_COLUMN_DEPTH) {
      row.set(column, jsonText(value));
      return;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      this.value(row, fitIdentifier(`${column}${PATH_SEPARATOR}${snakeCase(key)}`), depth + 1, object[key], context, table, rowHash, tableDepth);
    }
  }

  private list(tableName: string, items: unknown[], context: FlattenContext, parentHash: string, tableDepth: number): void {
    if (items.length === 0) return;
    const table = this.tables.get(tableName, 'child');
    const indexes = this.indexes(table);
    for (let pos = 0; pos < items.length; pos++) {
      const item = items[pos];
      const hash = childHash(parentHash, tableName, pos);
      const row = new RowBuilder(table);
      row.setAt(indexes[0]!, hash);
      row.setAt(indexes[1]!, context.loadId);
      row.setAt(indexes[2]!, parentHash);
      row.setAt(indexes[3]!, context.rootHash);
      row.setAt(indexes[4]!, String(pos));
      if (Array.isArray(item)) {
        this.value(row, 'list', 1, item, context, table, hash, tableDepth);
      } else if (item !== null && typeof item === 'object') {
        const object = item as Record<string, unknown>;
        for (const key of Object.keys(object)) {
          const column = snakeCase(key);
          if (!CHILD_SYSTEM.has(column)) this.value(row, column, 1, object[key], context, table, hash, tableDepth);
        }
      } else if (item !== null && item !== undefined) {
        row.set('value', item as Scalar);
      }
      row.finish();
    }
  }
}

const tableTags = new Map<string, string>();

/**
 * A child row's `_record_hash`: the parent's hash (first 16 hex), a tag of the child table (8 hex of its sha256)
 * and the list position (8 hex): stable across loads and distinct for every item of a parent (its child tables'
 * names would have to collide in 32 bits of sha256), without a sha256 per list item (events have dozens).
 */
function childHash(parentHash: string, table: string, pos: number): string {
  let tag = tableTags.get(table);
  if (tag === undefined) {
    tag = sha256Hex32(table).slice(0, 8);
    tableTags.set(table, tag);
  }
  return `${parentHash.slice(0, 16)}${tag}${pos.toString(16).padStart(8, '0')}`;
}

interface FlattenContext {
  rootHash: string;
  loadId: string;
}

/** JSON text of a value that may contain bigint (kept as an exact integer literal). */
export function jsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : jsonText(item))).join(',')}]`;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child !== undefined) parts.push(`${JSON.stringify(key)}:${jsonText(child)}`);
  }
  return `{${parts.join(',')}}`;
}
