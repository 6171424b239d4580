/**
 * dbt's agate-like query results for templates: `table.rows` (rows indexable by position and by column name),
 * `table.columns[i].values()`, `table.columns['name'].values()`, `table.column_names`, `table.print_table()`.
 */
import type { RuntimeQueryResult } from './compile-options.js';

export class AgateColumn {
  constructor(
    readonly name: string,
    private readonly data: unknown[],
  ) {}
  values(): unknown[] {
    return this.data.slice();
  }
  values_distinct(): unknown[] {
    return [...new Set(this.data)];
  }
  values_without_nulls(): unknown[] {
    return this.data.filter((value) => value !== null && value !== undefined);
  }
}

type Named<T> = T[] & Record<string, T | unknown>;

function named<T>(values: T[], names: string[]): Named<T> {
  const list = values.slice() as Named<T>;
  names.forEach((name, i) => {
    if (!/^\d+$/.test(name) && name !== 'length') Object.defineProperty(list, name, { value: values[i], enumerable: false });
  });
  return list;
}

export class AgateTable implements Iterable<unknown[]> {
  readonly column_names: string[];
  readonly rows: Named<unknown>[];
  readonly columns: Named<AgateColumn>;

  constructor(result: Pick<RuntimeQueryResult, 'rows' | 'fields'>) {
    const names = result.fields.map((field) => field.name);
    this.column_names = names;
    this.rows = result.rows.map((row) => named(names.map((name) => row[name] ?? null), names));
    const columns = names.map((name, i) => new AgateColumn(name, this.rows.map((row) => row[i])));
    this.columns = named(columns, names);
  }

  static empty(): AgateTable {
    return new AgateTable({ rows: [], fields: [] });
  }

  get column_types(): string[] {
    return this.column_names.map(() => 'Text');
  }

  get length(): number {
    return this.rows.length;
  }

  print_table(): string {
    return '';
  }

  [Symbol.iterator](): Iterator<unknown[]> {
    return this.rows[Symbol.iterator]();
  }
}

/** What `load_result(name)` returns: `{data, table, response}` as in dbt. */
export function statementResult(result: RuntimeQueryResult | null): Record<string, unknown> {
  const table = result ? new AgateTable(result) : AgateTable.empty();
  return {
    data: table.rows.map((row) => row.slice()),
    table,
    response: {
      _message: result ? `${result.command}${result.rowCount === null ? '' : ` ${result.rowCount}`}` : '',
      code: result?.command ?? '',
      rows_affected: result?.rowCount ?? 0,
    },
  };
}
