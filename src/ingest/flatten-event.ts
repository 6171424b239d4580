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
import { type PathNode, childNode } from './path-node.js';
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
  /** No string of the event needs COPY escaping (see InputEvent.plain). */
  plain: boolean;
}

/** Unpacks events into the buffers of the raw tables. */
export class EventFlattener {
  private readonly baseIndexCache = new Map<TableState, number[]>();
  private readonly typeTables = new Map<string, TableState>();
  private eventTable: TableState | null = null;

  constructor(private readonly tables: RawTables) {}

  flatten(event: PreparedEvent): void {
    const eventTable = (this.eventTable ??= this.tables.get('event', 'event'));
    const plain = event.plain;
    const sender = plain ? event.sender : escapeCopyText(event.sender);
    const type = plain ? event.type : escapeCopyText(event.type);
    const modelId = event.modelId === null || plain ? event.modelId : escapeCopyText(event.modelId);
    const order = String(event.order);
    this.baseRow(eventTable, event, sender, type, modelId, order).finish();
    let typeTable = this.typeTables.get(event.type);
    if (typeTable === undefined) {
      typeTable = this.tables.get(eventTableName(event.type), 'event');
      this.typeTables.set(event.type, typeTable);
    }
    const row = this.baseRow(typeTable, event, sender, type, modelId, order);
    const context: FlattenContext = { rootHash: event.hash, loadId: event.loadId, plain };
    const body = event.body;
    const root = typeTable.root;
    for (const key in body) {
      if (BASE_KEYS.has(key)) continue;
      const node = childNode(typeTable, root, key, snakeCase);
      if (EVENT_SYSTEM.has(node.column)) continue;
      const value = body[key];
      if (key === 'value' && event.type === 'slot') {
        this.slotValue(row, node, value, context, typeTable, event.hash);
        continue;
      }
      this.value(row, node, value, context, typeTable, event.hash, 0);
    }
    row.finish();
  }

  private baseRow(table: TableState, event: PreparedEvent, sender: string, type: string, modelId: string | null, order: string): RowBuilder {
    const indexes = this.indexes(table);
    const row = new RowBuilder(table, event.plain);
    row.setAt(indexes[0]!, event.hash);
    row.setAt(indexes[1]!, event.loadId);
    row.setAt(indexes[2]!, sender);
    row.setAt(indexes[3]!, event.timestamp);
    row.setAt(indexes[4]!, type);
    if (modelId !== null) row.setAt(indexes[5]!, modelId);
    row.setAt(indexes[6]!, order);
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
  private slotValue(row: RowBuilder, node: PathNode, value: unknown, context: FlattenContext, table: TableState, rowHash: string): void {
    if (value === null || value === undefined) return;
    row.setPath(node, typeof value === 'string' ? value : jsonText(value));
    if (typeof value === 'object' && !Array.isArray(value)) this.value(row, node, value, context, table, rowHash, 0);
  }

  /** Writes `value` at the key path `node` (depth = keys from the row's root). */
  private value(row: RowBuilder, node: PathNode, value: unknown, context: FlattenContext, table: TableState, rowHash: string, tableDepth: number): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'object') {
      row.setPath(node, value as Scalar);
      return;
    }
    if (Array.isArray(value)) {
      if (tableDepth >= MAX_TABLE_DEPTH) row.setPath(node, jsonText(value));
      else this.list((node.listTable ??= fitIdentifier(`${table.name}${PATH_SEPARATOR}${node.column}`)), value, context, rowHash, tableDepth + 1);
      return;
    }
    if (node.depth >= MAX_COLUMN_DEPTH) {
      row.setPath(node, jsonText(value));
      return;
    }
    const object = value as Record<string, unknown>;
    const prefix = node.column + PATH_SEPARATOR;
    for (const key in object) {
      const child = childNode(table, node, key, (raw) => fitIdentifier(prefix + snakeCase(raw)));
      this.value(row, child, object[key], context, table, rowHash, tableDepth);
    }
  }

  private list(tableName: string, items: unknown[], context: FlattenContext, parentHash: string, tableDepth: number): void {
    if (items.length === 0) return;
    const table = this.tables.get(tableName, 'child');
    const indexes = this.indexes(table);
    const root = table.root;
    const tag = tableTag(tableName);
    const hashHead = parentHash.slice(0, 16) + tag;
    for (let pos = 0; pos < items.length; pos++) {
      const item = items[pos];
      const hash = hashHead + pos.toString(16).padStart(8, '0');
      const row = new RowBuilder(table, context.plain);
      row.setAt(indexes[0]!, hash);
      row.setAt(indexes[1]!, context.loadId);
      row.setAt(indexes[2]!, parentHash);
      row.setAt(indexes[3]!, context.rootHash);
      row.setAt(indexes[4]!, String(pos));
      if (Array.isArray(item)) {
        this.value(row, childNode(table, root, LIST_KEY, () => 'list'), item, context, table, hash, tableDepth);
      } else if (item !== null && typeof item === 'object') {
        const object = item as Record<string, unknown>;
        for (const key in object) {
          const node = childNode(table, root, key, snakeCase);
          if (!CHILD_SYSTEM.has(node.column)) this.value(row, node, object[key], context, table, hash, tableDepth);
        }
      } else if (item !== null && item !== undefined) {
        row.setPath(childNode(table, root, VALUE_KEY, () => 'value'), item as Scalar);
      }
      row.finish();
    }
  }
}

/**
 * Root-level pseudo keys of a child table: an item that is itself a list goes to column `list`, a scalar item to
 * `value`. They cannot collide with a JSON key's node (that key would be spelled with the NUL character).
 */
const LIST_KEY = '\u0000list';
const VALUE_KEY = '\u0000value';

const tableTags = new Map<string, string>();

/**
 * A child row's `_record_hash` is the parent's hash (first 16 hex), a tag of the child table (8 hex of its sha256)
 * and the list position (8 hex): stable across loads and distinct for every item of a parent (its child tables'
 * names would have to collide in 32 bits of sha256), without a sha256 per list item (events have dozens).
 */
function tableTag(table: string): string {
  let tag = tableTags.get(table);
  if (tag === undefined) {
    tag = sha256Hex32(table).slice(0, 8);
    tableTags.set(table, tag);
  }
  return tag;
}

interface FlattenContext {
  rootHash: string;
  loadId: string;
  plain: boolean;
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
