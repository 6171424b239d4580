import type { Readable, Writable } from 'node:stream';
import { ChatsemError, quoteIdentifier } from '../../core/index.js';
import type {
  Adapter,
  AdapterCapabilities,
  ColumnDescription,
  Connection,
  QueryResult,
  RelationDescription,
} from '../adapter.js';
import { Mutex, ScopeTracker, type ConnectionScope } from '../connection-scope.js';
import type { Driver, DriverConnection } from '../driver.js';
import { PostgresIntrospector } from './postgres-introspector.js';

export interface PostgresAdapterInit {
  driver: Driver;
  description: string;
  defaultSchema: string;
  threads: number;
  /** `server_version_num`, read once when the adapter is created. */
  serverVersion: number;
}

/**
 * An Adapter over any driver that speaks PostgreSQL. Nested calls made inside `withConnection`/`transaction`
 * (directly or through the adapter) reuse the held connection, and nested transactions become savepoints,
 * so code composed from smaller steps never waits on itself.
 */
export class PostgresAdapter implements Adapter {
  readonly type: string = 'postgres';
  readonly description: string;
  readonly defaultSchema: string;
  readonly threads: number;
  protected readonly driver: Driver;
  protected readonly version: number;
  readonly #scopes = new ScopeTracker();
  readonly #introspector = new PostgresIntrospector(this);
  #closed = false;

  constructor(init: PostgresAdapterInit) {
    this.driver = init.driver;
    this.description = init.description;
    this.defaultSchema = init.defaultSchema;
    this.threads = init.threads;
    this.version = init.serverVersion;
  }

  get capabilities(): AdapterCapabilities {
    return { multipleConnections: true, transactionalDdl: true, merge: this.version >= 150000, advisoryLocks: true };
  }

  async withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const scope = this.#scopes.current();
    if (scope) return fn(scope.connection);
    if (this.#closed) throw new ChatsemError(`The connection to ${this.description} is already closed.`);
    const connection = await this.driver.acquire();
    let broken = false;
    try {
      return await this.#scopes.run({ connection, transactionDepth: 0, children: new Mutex() }, () => fn(connection));
    } catch (error) {
      broken = await this.#leftInTransaction(connection);
      throw error;
    } finally {
      connection.release(broken);
    }
  }

  transaction<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    return this.withConnection(() => {
      const scope = this.#scopes.current() as ConnectionScope;
      return scope.children.run(() => this.#inTransaction(scope, fn));
    });
  }

  async #inTransaction<T>(scope: ConnectionScope, fn: (connection: Connection) => Promise<T>): Promise<T> {
    const { connection } = scope;
    const savepoint = scope.transactionDepth > 0 ? quoteIdentifier(this.#scopes.nextSavepointName()) : null;
    await connection.query(savepoint ? `savepoint ${savepoint}` : 'begin');
    const inner: ConnectionScope = { connection, transactionDepth: scope.transactionDepth + 1, children: new Mutex() };
    let result: T;
    try {
      result = await this.#scopes.run(inner, () => fn(connection));
    } catch (error) {
      await connection.query(savepoint ? `rollback to savepoint ${savepoint}` : 'rollback').catch(() => undefined);
      throw error;
    }
    await connection.query(savepoint ? `release savepoint ${savepoint}` : 'commit');
    return result;
  }

  /** A connection handed back mid-transaction (a failed ROLLBACK) must not be reused by the pool. */
  async #leftInTransaction(connection: DriverConnection): Promise<boolean> {
    try {
      await connection.query('rollback');
      return false;
    } catch {
      return true;
    }
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return this.withConnection((connection) => connection.query<Row>(sql, params));
  }

  copyFrom(copySql: string, source: Readable | AsyncIterable<string | Buffer>): Promise<number> {
    return this.withConnection((connection) => connection.copyFrom(copySql, source));
  }

  copyTo(copySql: string, sink: Writable): Promise<number> {
    return this.withConnection((connection) => connection.copyTo(copySql, sink));
  }

  quoteIdentifier(name: string): string {
    return quoteIdentifier(name);
  }

  listRelations(schemas: string[]): Promise<RelationDescription[]> {
    return this.#introspector.listRelations(schemas);
  }

  getColumns(schema: string, name: string): Promise<ColumnDescription[]> {
    return this.#introspector.getColumns(schema, name);
  }

  schemaExists(schema: string): Promise<boolean> {
    return this.#introspector.schemaExists(schema);
  }

  async createSchema(schema: string): Promise<void> {
    await this.query(`create schema if not exists ${quoteIdentifier(schema)}`);
  }

  async serverVersion(): Promise<number> {
    return this.version;
  }

  cancel(): Promise<void> {
    return this.driver.cancel();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.driver.close();
  }
}
