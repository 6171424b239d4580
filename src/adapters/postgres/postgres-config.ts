import type { PoolConfig } from 'pg';
import { ConfigError } from '../../core/index.js';
import type { ConnectionTarget } from './postgres-errors.js';

/** The `postgres` block of a resolved target (profile keys in camelCase); a plain object, so adapters do not depend on project/. */
export interface PostgresConfig {
  host: string;
  port?: number;
  user: string;
  password?: string;
  database: string;
  /**
   * libpq's sslmode: disable | allow | prefer | require | verify-ca | verify-full. `prefer`/`allow` connect without
   * TLS because pg cannot fall back from TLS to plain text.
   */
  sslmode?: string;
  /** Seconds. */
  connectTimeout?: number;
  searchPath?: string;
  applicationName?: string;
  /** `SET ROLE` run on every new connection. */
  role?: string;
  /** Seconds before TCP keepalives start. */
  keepalivesIdle?: number;
  /** Default schema of the target. */
  schema: string;
  /** Pool size = concurrent nodes; default 1. */
  threads?: number;
}

export function connectionTarget(config: PostgresConfig): ConnectionTarget {
  return { host: config.host, port: config.port ?? 5432, database: config.database, user: config.user };
}

/** `postgres://user@host:port/db`, never with the password. */
export function describePostgres(config: PostgresConfig): string {
  const target = connectionTarget(config);
  return `postgres://${encodeURIComponent(target.user)}@${target.host}:${target.port}/${encodeURIComponent(target.database)}`;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

function sslOption(mode: string | undefined): PoolConfig['ssl'] {
  if (mode !== undefined && !SSL_MODES.includes(mode)) {
    throw new ConfigError(`sslmode "${mode}" is not one of ${SSL_MODES.join(', ')}`, undefined, 'Fix `sslmode` in your profile.');
  }
  switch (mode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true };
    default:
      return false;
  }
}

export function threadsOf(config: PostgresConfig): number {
  const threads = config.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ConfigError(`threads must be a whole number of at least 1, got ${String(config.threads)}`, undefined, 'Fix `threads` in your profile or pass --threads.');
  }
  return threads;
}

export function toPoolConfig(config: PostgresConfig): PoolConfig {
  const startupOptions = config.searchPath ? `-c search_path=${config.searchPath.replace(/([\\ ])/g, '\\$1')}` : undefined;
  return {
    host: config.host,
    port: config.port ?? 5432,
    user: config.user,
    password: config.password,
    database: config.database,
    ssl: sslOption(config.sslmode),
    connectionTimeoutMillis: config.connectTimeout === undefined ? 10_000 : config.connectTimeout * 1000,
    application_name: config.applicationName ?? 'chatsem',
    keepAlive: config.keepalivesIdle !== undefined && config.keepalivesIdle > 0 ? true : undefined,
    keepAliveInitialDelayMillis: config.keepalivesIdle ? config.keepalivesIdle * 1000 : undefined,
    options: startupOptions,
    // One connection more than threads: the run's control work (the `_loads` advisory lock) holds one for the
    // whole run and must never starve the nodes.
    max: threadsOf(config) + 1,
    idleTimeoutMillis: 30_000,
  };
}
