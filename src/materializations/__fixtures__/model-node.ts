/** Test fixtures: a model node with a given config, and the two real warehouses the end-to-end tests run on. */
import { Relation } from '../../core/index.js';
import type { ManifestNode } from '../../core/index.js';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../../adapters/index.js';
import { materialize } from '../materialize.js';

export function modelNode(name: string, config: Record<string, unknown> = {}, schema = 'analytics'): ManifestNode {
  return {
    unique_id: `model.chatsem.${name}`,
    resource_type: 'model',
    name,
    package_name: 'chatsem',
    path: `${name}.sql`,
    original_file_path: `models/${name}.sql`,
    fqn: ['chatsem', name],
    database: null,
    schema,
    alias: name,
    relation_name: `"${schema}"."${name}"`,
    raw_code: '',
    compiled_code: null,
    compiled_path: null,
    language: 'sql',
    config: { enabled: true, materialized: 'table', schema: null, alias: null, database: null, tags: [], meta: {}, pre_hook: [], post_hook: [], ...config },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: '' },
    patch_path: null,
    renders_at_runtime: false,
    location: { file: `models/${name}.sql` },
  };
}

export type WarehouseKind = 'pglite' | 'postgres';

/** `postgresUrl` comes from test-support (which this non-test file may not import). */
export function openWarehouse(kind: WarehouseKind, postgresUrl: string): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'main' });
  const url = new URL(postgresUrl);
  return createAdapter({
    type: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.slice(1),
    schema: 'main',
    threads: 2,
  });
}

export interface BuildOptions {
  fullRefresh?: boolean;
  preHooks?: string[];
  postHooks?: string[];
}

/** Materializes a model named `name` in `schema` from `sql` with the given config. */
export function build(adapter: Adapter, schema: string, name: string, config: Record<string, unknown>, sql: string, options: BuildOptions = {}) {
  const node = modelNode(name, config, schema);
  return materialize(adapter, {
    node,
    sql,
    relation: new Relation({ schema, identifier: name }),
    fullRefresh: options.fullRefresh ?? false,
    preHooks: options.preHooks ?? [],
    postHooks: options.postHooks ?? [],
  });
}

export async function rows(adapter: Adapter, sql: string): Promise<Record<string, unknown>[]> {
  return (await adapter.query(sql)).rows;
}

export async function relationNames(adapter: Adapter, schema: string): Promise<string[]> {
  return (await adapter.listRelations([schema])).map((r) => `${r.name}:${r.type}`);
}
