/**
 * adapters: everything that talks to a warehouse. The `Adapter` interface (connections, transactions, COPY,
 * catalogue introspection, capability flags), its PostgreSQL (pg Pool) and PGlite (in-process, one session,
 * folder lock) implementations sharing one SQL layer, the `createAdapter` factory and identifier-length rules.
 */
export type * from './adapter.js';
export { createAdapter, type AdapterConfig, type AdapterOptions } from './create-adapter.js';
export {
  BACKUP_RELATION_SUFFIX,
  MAX_RELATION_NAME_BYTES,
  TEMP_RELATION_SUFFIX,
  checkIdentifierLength,
  type IdentifierContext,
} from './identifier-length.js';
export type { PostgresConfig } from './postgres/postgres-config.js';
export type { PGliteConfig, PGliteOpenOptions } from './pglite/pglite-config.js';
export { IN_MEMORY_PATH } from './pglite/pglite-config.js';
export { LOCK_FILE_NAME, type LockHolder } from './pglite/pglite-lock.js';
export { scrubSecrets } from './postgres/postgres-errors.js';
