import { ConfigError } from '../core/index.js';
import type { PostgresTargetConfig } from './resolved-target.js';

const QUERY_KEYS = ['schema', 'sslmode', 'application_name', 'connect_timeout'];

/** Parses DATABASE_URL (`postgres://user:pass@host:5432/db?schema=x`). Errors show the URL with the password masked. */
export function parseDatabaseUrl(url: string): { postgres: PostgresTargetConfig; schema: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: ${redactUrl(url)}`, undefined, 'Expected postgres://user:password@host:5432/database?schema=my_schema.');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`, undefined, 'chatsem connects to PostgreSQL; unset DATABASE_URL to use the embedded PGlite warehouse.');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname || !database) {
    throw new ConfigError(`DATABASE_URL needs a host and a database name: ${redactUrl(url)}`, undefined, 'Expected postgres://user:password@host:5432/database.');
  }
  for (const key of parsed.searchParams.keys()) {
    if (!QUERY_KEYS.includes(key)) {
      throw new ConfigError(`DATABASE_URL has an unsupported parameter \`${key}\``, undefined, `Supported: ${QUERY_KEYS.join(', ')}.`);
    }
  }
  const timeout = parsed.searchParams.get('connect_timeout');
  const postgres: PostgresTargetConfig = {
    host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database,
  };
  if (parsed.password) postgres.password = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) postgres.sslmode = sslmode;
  const applicationName = parsed.searchParams.get('application_name');
  if (applicationName) postgres.applicationName = applicationName;
  if (timeout !== null) {
    if (!/^\d+$/.test(timeout)) throw new ConfigError(`DATABASE_URL's connect_timeout must be a whole number of seconds, not "${timeout}"`);
    postgres.connectTimeout = Number(timeout);
  }
  return { postgres, schema: parsed.searchParams.get('schema') || 'public' };
}

/** The URL with any password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}
