import type { Adapter } from './adapter.js';
import { openPGliteAdapter } from './pglite/pglite-adapter.js';
import type { PGliteConfig, PGliteOpenOptions } from './pglite/pglite-config.js';
import { openPostgresAdapter } from './postgres/open-postgres-adapter.js';
import type { PostgresConfig } from './postgres/postgres-config.js';

export type AdapterConfig = ({ type: 'postgres' } & PostgresConfig) | ({ type: 'pglite' } & PGliteConfig);

export type AdapterOptions = PGliteOpenOptions;

/** Open the warehouse of a target. Fails with a ConnectionError (PostgreSQL) or ChatsemError (PGlite lock) up front. */
export function createAdapter(config: AdapterConfig, options: AdapterOptions = {}): Promise<Adapter> {
  switch (config.type) {
    case 'postgres':
      return openPostgresAdapter(config);
    case 'pglite':
      return openPGliteAdapter(config, options);
  }
}
