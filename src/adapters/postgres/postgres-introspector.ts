import type { ColumnDescription, Connection, RelationDescription } from '../adapter.js';

/** Catalogue queries shared by PostgreSQL and PGlite; they read pg_catalog only for the schemas asked about. */
export class PostgresIntrospector {
  readonly #connection: Pick<Connection, 'query'>;

  constructor(connection: Pick<Connection, 'query'>) {
    this.#connection = connection;
  }

  async listRelations(schemas: string[]): Promise<RelationDescription[]> {
    if (schemas.length === 0) return [];
    const result = await this.#connection.query<RelationDescription>(
      `select n.nspname as "schema", c.relname as "name",
              case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end as "type"
         from pg_catalog.pg_class c
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'f', 'v', 'm')
        order by 1, 2`,
      [schemas],
    );
    return result.rows;
  }

  async getColumns(schema: string, name: string): Promise<ColumnDescription[]> {
    const result = await this.#connection.query<{ name: string; data_type: string; ordinal: number }>(
      `select a.attname as "name", pg_catalog.format_type(a.atttypid, a.atttypmod) as "data_type",
              (row_number() over (order by a.attnum))::int as "ordinal"
         from pg_catalog.pg_attribute a
         join pg_catalog.pg_class c on c.oid = a.attrelid
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
        order by a.attnum`,
      [schema, name],
    );
    return result.rows.map((row) => ({ name: row.name, dataType: row.data_type, ordinal: Number(row.ordinal) }));
  }

  async schemaExists(schema: string): Promise<boolean> {
    const result = await this.#connection.query('select 1 from pg_catalog.pg_namespace where nspname = $1', [schema]);
    return result.rows.length > 0;
  }

  async serverVersion(): Promise<number> {
    const result = await this.#connection.query<{ version: string }>(`select current_setting('server_version_num') as "version"`);
    return Number(result.rows[0]?.version);
  }
}
