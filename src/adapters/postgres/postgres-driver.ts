import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { ConnectionError, quoteIdentifier } from '../../core/index.js';
import type { QueryResult } from '../adapter.js';
import type { Driver, DriverConnection } from '../driver.js';
import { connectionTarget, describePostgres, toPoolConfig, type PostgresConfig } from './postgres-config.js';
import { toConnectionError, toStatementError, type ConnectionTarget } from './postgres-errors.js';

type PgResult = pg.QueryResult<Record<string, unknown>>;

/** pg returns one result per statement when the SQL holds several; callers get the last one, as psql shows. */
export function normalizeResult<Row>(raw: PgResult | PgResult[]): QueryResult<Row> {
  const result = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!result) return { rows: [], fields: [], rowCount: null, command: '' };
  return {
    rows: (result.rows ?? []) as Row[],
    fields: (result.fields ?? []).map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
    rowCount: result.rowCount ?? null,
    command: result.command ?? '',
  };
}

class PostgresConnection implements DriverConnection {
  readonly #client: pg.PoolClient;
  readonly #driver: PostgresDriver;
  #busy = 0;

  constructor(client: pg.PoolClient, driver: PostgresDriver) {
    this.#client = client;
    this.#driver = driver;
  }

  /** Backend pid, for pg_cancel_backend. */
  get processId(): number | null {
    return (this.#client as unknown as { processID?: number | null }).processID ?? null;
  }

  get busy(): boolean {
    return this.#busy > 0;
  }

  async #track<T>(statement: string, fn: () => Promise<T>): Promise<T> {
    this.#busy += 1;
    try {
      return await fn();
    } catch (error) {
      throw this.#driver.translate(error, statement);
    } finally {
      this.#busy -= 1;
    }
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    return this.#track(sql, async () => normalizeResult<Row>((await this.#client.query(sql, params)) as PgResult | PgResult[]));
  }

  copyFrom(copySql: string, source: Readable | AsyncIterable<string | Buffer>): Promise<number> {
    return this.#track(copySql, async () => {
      const stream = this.#client.query(copyStreams.from(copySql));
      await pipeline(source, stream);
      return stream.rowCount;
    });
  }

  copyTo(copySql: string, sink: Writable): Promise<number> {
    return this.#track(copySql, async () => {
      const stream = this.#client.query(copyStreams.to(copySql));
      await pipeline(stream, sink);
      return stream.rowCount;
    });
  }

  release(broken = false): void {
    this.#driver.forget(this);
    this.#client.release(broken || undefined);
  }
}

/** A pg Pool sized by `threads`; every error leaving it is a ChatsemError without the password. */
export class PostgresDriver implements Driver {
  readonly #config: PostgresConfig;
  readonly #pool: pg.Pool;
  readonly #target: ConnectionTarget;
  readonly #secrets: string[];
  readonly #active = new Set<PostgresConnection>();
  /** Physical connections that already ran `SET ROLE`. */
  readonly #initialised = new WeakSet<pg.PoolClient>();

  constructor(config: PostgresConfig) {
    this.#config = config;
    this.#target = connectionTarget(config);
    this.#secrets = config.password ? [config.password] : [];
    this.#pool = new pg.Pool(toPoolConfig(config));
    // An idle client losing its server emits here; without a listener Node would crash. The next acquire reports it.
    this.#pool.on('error', () => undefined);
  }

  translate(error: unknown, statement: string): Error {
    return toStatementError(error, this.#secrets, this.#target, statement);
  }

  forget(connection: PostgresConnection): void {
    this.#active.delete(connection);
  }

  async acquire(): Promise<DriverConnection> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw toConnectionError(error, this.#target, this.#secrets, this.#config.connectTimeout);
    }
    if (this.#config.role && !this.#initialised.has(client)) {
      try {
        await client.query(`set role ${quoteIdentifier(this.#config.role)}`);
        this.#initialised.add(client);
      } catch (error) {
        client.release(true);
        const reason = toStatementError(error, this.#secrets).message;
        throw new ConnectionError(
          `Connected to ${describePostgres(this.#config)} but could not switch to role "${this.#config.role}": ${reason}`,
          `Grant role "${this.#config.role}" to user "${this.#target.user}", or fix \`role\` in your profile.`,
        );
      }
    }
    const connection = new PostgresConnection(client, this);
    this.#active.add(connection);
    return connection;
  }

  /** Ask the server to cancel what our busy connections run, from a separate connection so a full pool cannot block it. */
  async cancel(): Promise<void> {
    const pids = [...this.#active].filter((connection) => connection.busy).map((connection) => connection.processId);
    const targets = pids.filter((pid): pid is number => pid !== null);
    if (targets.length === 0) return;
    const { max: _max, ...clientConfig } = toPoolConfig(this.#config);
    const client = new pg.Client(clientConfig);
    try {
      await client.connect();
      await client.query('select pg_cancel_backend(pid) from unnest($1::int[]) as pid', [targets]);
    } catch (error) {
      throw toConnectionError(error, this.#target, this.#secrets, this.#config.connectTimeout);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
