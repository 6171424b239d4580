import type { Env } from './render-env-vars.js';

/** Connection settings of a PostgreSQL target, in the shape the postgres adapter takes. */
export interface PostgresTargetConfig {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  sslmode?: string;
  connectTimeout?: number;
  searchPath?: string;
  applicationName?: string;
  role?: string;
  keepalivesIdle?: number;
}

/** Where and how to connect, resolved from profiles.yml, DATABASE_URL or the embedded default. No connection made. */
export interface ResolvedTarget {
  /** Target name (`dev`, `prod` …): `target.name` in templates. */
  name: string;
  profileName: string | null;
  type: 'postgres' | 'pglite';
  schema: string;
  threads: number;
  /** True for the embedded PGlite warehouse used when nothing was configured (the CLI says so once). */
  isDefault: boolean;
  source: 'profiles.yml' | 'DATABASE_URL' | 'default';
  /** Absolute path of the profiles.yml used, if any. */
  profilesPath: string | null;
  postgres?: PostgresTargetConfig;
  /** Absolute data directory, or `memory://…` for an in-memory database. */
  pglite?: { path: string };
  /** The environment with the project's .env merged in: what env_var() must see. */
  env: Env;
}

/** One line for the user: where the target points, never the password. */
export function describeTarget(target: ResolvedTarget): string {
  const origin =
    target.source === 'profiles.yml'
      ? `profile ${target.profileName ?? '?'} in ${target.profilesPath ?? 'profiles.yml'}`
      : target.source === 'DATABASE_URL'
        ? 'DATABASE_URL'
        : 'the embedded default';
  const where =
    target.type === 'postgres' && target.postgres
      ? `postgres://${encodeURIComponent(target.postgres.user)}@${target.postgres.host}:${target.postgres.port}/${encodeURIComponent(target.postgres.database)}`
      : `pglite ${target.pglite?.path ?? ''}`;
  return `${where} (target ${target.name}, schema ${target.schema}, ${target.threads} thread${target.threads === 1 ? '' : 's'}, from ${origin})`;
}

/** The `target` object templates see, as in dbt. The password is deliberately absent. */
export function targetContext(target: ResolvedTarget): Record<string, unknown> {
  const postgres = target.postgres;
  // PGlite runs as user postgres in database postgres; templates that read target.user still get a real value.
  const user = postgres?.user ?? 'postgres';
  const database = postgres?.database ?? 'postgres';
  return {
    name: target.name,
    target_name: target.name,
    profile_name: target.profileName,
    type: target.type,
    schema: target.schema,
    threads: target.threads,
    host: postgres?.host ?? null,
    port: postgres?.port ?? null,
    user,
    dbname: database,
    database,
  };
}
