/**
 * SQL for the raw schema's bookkeeping: reading what exists, the system tables (`_loads`, `_version`,
 * `_rejected_events`, semantic-schema.md §2–3), the advisory lock and the load id.
 */
import type { Connection } from '../adapters/index.js';
import { createHash } from 'node:crypto';
import { quoteIdentifier } from '../core/index.js';
import { type ColumnType, columnTypeFromCatalog } from './column-types.js';

/** Bumped when the layout chatsem writes changes incompatibly. */
export const ENGINE_VERSION = 1;

export const LOADS_TABLE = '_loads';
export const VERSION_TABLE = '_version';
export const REJECTED_TABLE = '_rejected_events';

export const REJECTED_COLUMNS: [string, ColumnType][] = [
  ['_load_id', 'text'],
  ['source', 'text'],
  ['line', 'bigint'],
  ['reason', 'text'],
  ['raw', 'text'],
  ['inserted_at', 'timestamp'],
];

export function qualified(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/** Tables of the raw schema with their columns in order. */
export async function readRawSchema(connection: Connection, schema: string): Promise<Map<string, [string, ColumnType][]>> {
  const result = await connection.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const tables = new Map<string, [string, ColumnType][]>();
  for (const row of result.rows) {
    let columns = tables.get(row.table_name);
    if (!columns) tables.set(row.table_name, (columns = []));
    columns.push([row.column_name, columnTypeFromCatalog(row.data_type)]);
  }
  return tables;
}

export async function ensureSystemTables(connection: Connection, schema: string): Promise<void> {
  await connection.query(`CREATE TABLE IF NOT EXISTS ${qualified(schema, LOADS_TABLE)} (load_id text NOT NULL, status bigint NOT NULL, inserted_at timestamp NOT NULL)`);
  await connection.query(`CREATE TABLE IF NOT EXISTS ${qualified(schema, VERSION_TABLE)} (version bigint NOT NULL, engine_version bigint NOT NULL, inserted_at timestamp NOT NULL)`);
  await connection.query(
    `CREATE TABLE IF NOT EXISTS ${qualified(schema, REJECTED_TABLE)} (${REJECTED_COLUMNS.map(([name, type]) =>
      name === 'inserted_at' ? `inserted_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')` : `${quoteIdentifier(name)} ${type}`,
    ).join(', ')})`,
  );
}

/**
 * Serialises loads into one raw schema across processes: two `chatsem load` runs that both see an event as new
 * would otherwise both insert it. The key is derived from the schema name, so different prefixes do not wait.
 */
export async function lockRawSchema(connection: Connection, schema: string): Promise<void> {
  const key = BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`chatsem:load:${schema}`).digest('hex').slice(0, 16)}`));
  await connection.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
}

/** dlt-style load id: unix seconds with a microsecond fraction, unique among the schema's loads. */
export async function newLoadId(connection: Connection, schema: string): Promise<string> {
  let micros = BigInt(Date.now()) * 1000n + (process.hrtime.bigint() / 1000n) % 1000n;
  for (;;) {
    const id = `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
    const taken = await connection.query(`SELECT 1 FROM ${qualified(schema, LOADS_TABLE)} WHERE load_id = $1`, [id]);
    if (taken.rows.length === 0) return id;
    micros += 1n;
  }
}

/** Records a completed load: `_loads (load_id, 0, now)` and the schema version (bumped when the layout changed). */
export async function recordLoad(connection: Connection, schema: string, loadId: string, schemaChanged: boolean): Promise<void> {
  const now = `(now() AT TIME ZONE 'UTC')`;
  await connection.query(`INSERT INTO ${qualified(schema, LOADS_TABLE)} (load_id, status, inserted_at) VALUES ($1, 0, ${now})`, [loadId]);
  await connection.query(
    `INSERT INTO ${qualified(schema, VERSION_TABLE)} (version, engine_version, inserted_at)
     SELECT coalesce(max(version), 0) + $1, $2, ${now} FROM ${qualified(schema, VERSION_TABLE)}`,
    [schemaChanged ? 1 : 0, ENGINE_VERSION],
  );
}
