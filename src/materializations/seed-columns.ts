/** Seed columns: the header checked and typed (inference or `column_types`), and their SQL for CREATE and COPY. */
import { ChatsemError, isSimpleIdentifier, quoteIdentifier } from '../core/index.js';
import type { ColumnDescription, Connection } from '../adapters/index.js';
import type { SeedColumn, SeedConfig, SeedScan } from './seed-types.js';

export interface PlannedColumn extends SeedColumn {
  /** As written in SQL: quoted, or bare when `quote_columns` is false. */
  sql: string;
  /** The name PostgreSQL stores (bare names fold to lower case). */
  stored: string;
}

export function planColumns(scan: SeedScan, config: SeedConfig, displayPath: string): PlannedColumn[] {
  const quote = config.quote_columns ?? true;
  const declared = config.column_types ?? {};
  const fail = (message: string, hint: string) => new ChatsemError(message, { location: { file: displayPath, line: 1 }, hint });
  const seen = new Map<string, string>();
  const columns = scan.header.map((name, index): PlannedColumn => {
    if (name.trim() === '') throw fail(`header column ${index + 1} has no name`, 'Give every column a name in the first line.');
    if (!quote && !isSimpleIdentifier(name)) {
      throw fail(`column "${name}" is not a plain SQL name (letters, digits, _), so it cannot be left unquoted`, 'Rename the column, or set `quote_columns: true` for this seed.');
    }
    const stored = quote ? name : name.toLowerCase();
    const clash = seen.get(stored);
    if (clash !== undefined) {
      throw fail(`columns "${clash}" and "${name}" have the same name${quote ? '' : ' once folded to lower case'}`, 'Rename one of them.');
    }
    seen.set(stored, name);
    const type = declared[name];
    return { name, stored, sql: quote ? quoteIdentifier(name) : name, type: type ?? (scan.types[index] as string), inferred: type === undefined };
  });
  const unknown = Object.keys(declared).filter((key) => !scan.header.includes(key));
  if (unknown.length > 0) {
    throw fail(
      `column_types names ${unknown.map((key) => `"${key}"`).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in the header`,
      `The header has: ${scan.header.join(', ')}. Names must match exactly.`,
    );
  }
  return columns;
}

export function createTableSql(target: string, columns: PlannedColumn[]): string {
  return `create table ${target} (\n  ${columns.map((column) => `${column.sql} ${column.type}`).join(',\n  ')}\n)`;
}

/** CSV COPY: the header line is skipped, and empty values, quoted or not, become NULL. */
export function copySql(target: string, columns: PlannedColumn[], delimiter: string): string {
  const list = columns.map((column) => column.sql).join(', ');
  const forceNull = columns.length > 0 ? `, force_null (${list})` : '';
  const delimiterLiteral = `'${delimiter.replace(/'/g, "''")}'`;
  return `copy ${target} (${list}) from stdin with (format csv, header true, delimiter ${delimiterLiteral}, null ''${forceNull}, encoding 'UTF8')`;
}

const PROBE = 'pg_temp.chatsem_seed_probe';

/**
 * The columns the seed's table would have, as the catalogue spells them (`varchar(3)` → `character varying(3)`),
 * read from a temporary table so declared types compare exactly with the existing table's.
 */
export async function catalogColumns(connection: Connection, columns: PlannedColumn[]): Promise<ColumnDescription[]> {
  await connection.query(createTableSql(PROBE, columns).replace('create table', 'create temporary table'));
  const result = await connection.query<ColumnDescription>(
    `select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as "dataType", a.attnum::int as ordinal
       from pg_catalog.pg_attribute a where a.attrelid = $1::text::pg_catalog.regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [PROBE],
  );
  await connection.query(`drop table ${PROBE}`);
  return result.rows.map((row) => ({ name: row.name, dataType: row.dataType, ordinal: Number(row.ordinal) }));
}

export function sameColumns(existing: ColumnDescription[], wanted: ColumnDescription[]): boolean {
  return existing.length === wanted.length && existing.every((column, index) => column.name === wanted[index]?.name && column.dataType === wanted[index]?.dataType);
}
