/**
 * The warehouse matrix of src/testing's tests: PGlite in memory (always) and the local PostgreSQL server (skipped
 * with test-support's message when unreachable). Test-only.
 */
import type { Adapter } from '../../adapters/index.js';
import { createAdapter, IN_MEMORY_PATH } from '../../adapters/index.js';

export type WarehouseKind = 'pglite' | 'postgres';

export const WAREHOUSES: WarehouseKind[] = ['pglite', 'postgres'];

/** `postgresUrl`: test-support's postgresTestUrl() (passed in: the layering rules keep test-support out of here). */
export function openWarehouse(kind: WarehouseKind, postgresUrl: string, schema = 'public'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema });
  const url = new URL(postgresUrl);
  return createAdapter({
    type: 'postgres',
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.replace(/^\//, ''),
    schema,
  });
}
