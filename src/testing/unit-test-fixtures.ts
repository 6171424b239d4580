/**
 * Unit-test fixtures (`given`/`expect` rows as dicts or CSV) turned into typed `select … union all …` SQL.
 */
import { parse } from 'csv-parse/sync';
import type { UnitTestInput } from '../core/index.js';
import { ChatsemError, quoteIdentifier, quoteLiteral } from '../core/index.js';

export interface FixtureColumn {
  name: string;
  /** SQL type; null → inferred from the values. */
  type: string | null;
}

/** Rows of a dict or CSV fixture (CSV values are strings; an empty field is null). */
export function fixtureRows(input: UnitTestInput, what: string): Record<string, unknown>[] {
  if (input.format === 'dict') return input.rows ?? [];
  if (input.format === 'csv') {
    const text = input.text ?? '';
    try {
      const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : v])));
    } catch (error) {
      throw new ChatsemError(`${what}: its CSV rows cannot be read: ${(error as Error).message}`, { exitCode: 2, cause: error });
    }
  }
  throw new ChatsemError(`${what}: format ${input.format} has no rows`, { exitCode: 2 });
}

const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^-?(0|[1-9]\d*)\.\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

function kindOf(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) < 2 ** 31 ? 'integer' : 'bigint') : 'numeric';
  if (typeof value === 'bigint') return 'bigint';
  if (value instanceof Date) return 'timestamptz';
  if (typeof value === 'object') return 'jsonb';
  const text = String(value);
  if (text === 'true' || text === 'false') return 'boolean';
  if (INTEGER.test(text)) return Math.abs(Number(text)) < 2 ** 31 ? 'integer' : 'bigint';
  if (DECIMAL.test(text)) return 'numeric';
  if (DATE.test(text)) return 'date';
  if (TIMESTAMP.test(text)) return 'timestamp';
  if (TIMESTAMPTZ.test(text)) return 'timestamptz';
  return 'text';
}

/**
 * The type of a column with no declared type, from its values. Every non-null value must agree (integers widen
 * to bigint and numeric); otherwise — mixed kinds such as `1` and `'n/a'`, or only nulls — it is `text`: a
 * wrong guess would change the model's arithmetic or comparisons, while text keeps the values exactly as
 * written and makes a type mismatch in the model show up as an error naming the column.
 */
export function inferType(values: unknown[]): string {
  const kinds = new Set(values.filter((v) => v !== null && v !== undefined).map(kindOf));
  if (kinds.size === 0) return 'text';
  if (kinds.size === 1) return [...kinds][0]!;
  const numeric = ['integer', 'bigint', 'numeric'];
  if ([...kinds].every((k) => numeric.includes(k))) return kinds.has('numeric') ? 'numeric' : 'bigint';
  if ([...kinds].every((k) => k === 'timestamp' || k === 'date')) return 'timestamp';
  return 'text';
}

/** The text PostgreSQL parses back into the value (`cast('…' as type)`). */
export function literalText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function typedLiteral(value: unknown, type: string): string {
  if (value === null || value === undefined) return `cast(null as ${type})`;
  return `cast(${quoteLiteral(literalText(value))} as ${type})`;
}

/**
 * `select … as "a", … union all select …` for the rows, with the columns in the order given (columns missing
 * from a row are null). No rows → a typed `select … where false`.
 */
export function rowsToSql(rows: Record<string, unknown>[], columns: FixtureColumn[], what: string): string {
  if (columns.length === 0) {
    throw new ChatsemError(`${what} has no rows and its columns are unknown`, {
      exitCode: 2,
      hint: 'Declare the columns (with data_type) of that model or source in its properties YAML, or give the rows as `format: sql`.',
    });
  }
  const types = columns.map((c) => c.type ?? inferType(rows.map((r) => r[c.name])));
  const select = (row: Record<string, unknown> | null): string =>
    'select ' + columns.map((c, i) => `${typedLiteral(row ? row[c.name] : null, types[i]!)} as ${quoteIdentifier(c.name)}`).join(', ');
  if (rows.length === 0) return `${select(null)} where false`;
  return rows.map((row) => select(row)).join('\nunion all\n');
}

/** Column names in order of first appearance across the rows. */
export function rowColumns(rows: Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
