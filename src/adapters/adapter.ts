/**
 * The one interface between chatsem and a warehouse. Callers ask about capabilities through `capabilities`,
 * never about the adapter's type.
 */
import type { Readable, Writable } from 'node:stream';

export interface QueryField {
  name: string;
  /** PostgreSQL type oid. */
  dataTypeID: number;
}

export interface QueryResult<Row = Record<string, unknown>> {
  rows: Row[];
  fields: QueryField[];
  /** Rows affected or returned, as PostgreSQL's command tag reports it (null when it has none). */
  rowCount: number | null;
  /** The command tag word(s): `SELECT`, `INSERT`, `CREATE TABLE` … */
  command: string;
}

export interface AdapterCapabilities {
  /** More than one connection can run statements at once (PostgreSQL pool); PGlite has exactly one. */
  multipleConnections: boolean;
  /** DDL takes part in transactions (true for both PostgreSQL and PGlite). */
  transactionalDdl: boolean;
  /** `MERGE` is available (PostgreSQL 15+). */
  merge: boolean;
  /** `pg_advisory_lock` coordinates separate processes (meaningless inside one PGlite process). */
  advisoryLocks: boolean;
}

/** A column as the catalogue reports it. */
export interface ColumnDescription {
  name: string;
  /** `format_type()` text, e.g. `character varying(20)`, `numeric(10,2)`, `timestamp without time zone`. */
  dataType: string;
  ordinal: number;
}

export interface RelationDescription {
  schema: string;
  name: string;
  type: 'table' | 'view' | 'materialized_view';
}

/** One connection: statements on it run in order and can form a transaction. */
export interface Connection {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** `COPY … FROM STDIN` fed from a stream of text/bytes; resolves to the number of rows copied. */
  copyFrom(copySql: string, source: Readable | AsyncIterable<string | Buffer>): Promise<number>;
  /** `COPY … TO STDOUT` written to a stream; resolves to the number of rows copied. */
  copyTo(copySql: string, sink: Writable): Promise<number>;
}

export interface Adapter extends Connection {
  readonly type: string;
  readonly capabilities: AdapterCapabilities;
  /** What to show the user about the target, with no secrets: `postgres://alice@localhost:5432/analytics` or a folder. */
  readonly description: string;
  /** Default schema of the target (`schema:` in the profile). */
  readonly defaultSchema: string;
  /** Threads the runner may use (always 1 when `multipleConnections` is false). */
  readonly threads: number;

  /** Run `fn` on one connection held for its duration. */
  withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;
  /** Run `fn` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (connection: Connection) => Promise<T>): Promise<T>;

  quoteIdentifier(name: string): string;
  /** Relations of the given schemas only (chatsem never introspects schemas the run does not touch). */
  listRelations(schemas: string[]): Promise<RelationDescription[]>;
  getColumns(schema: string, name: string): Promise<ColumnDescription[]>;
  schemaExists(schema: string): Promise<boolean>;
  createSchema(schema: string): Promise<void>;
  /** Server version as a number, e.g. 150004. */
  serverVersion(): Promise<number>;

  /** Cancel statements in flight (Ctrl-C). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}
