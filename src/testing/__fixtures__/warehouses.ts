/**
 * The warehouse matrix of src/testing's tests: PGlite in memory (always) and the local PostgreSQL server (skipped
 * with the helper's message when unreachable). Test-only.
 */
import type { Adapter } from '../../adapters/index.js';
import { createAdapter, IN_MEMORY_PATH } from '../../adapters/index.js';
import { postgresReachable, postgresTestUrl } from '../../test-support/databases.js';

export type WarehouseKind = 'pglite' | 'postgres';

export const WAREHOUSES: WarehouseKind[] = ['pglite', 'postgres'];

/** True when this warehouse's tests must be skipped (PostgreSQL unreachable; the helper prints why). */
export async function unavailable(kind: WarehouseKind): Promise<boolean> {
  return kind === 'postgres' ? !(await postgresReachable()) : false;
}

export function openWarehouse(kind: WarehouseKind, schema = 'public'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema });
  const url = new URL(postgresTestUrl());
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
