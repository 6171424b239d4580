/**
 * Manifest literals for the graph tests: a small chat-analytics project with models in folders, tags, configs,
 * sources, a seed, generic/singular/unit tests, a second package and a disabled model.
 */
import type { Manifest, ManifestNode, NodeConfig, ResourceType, SourceDefinition } from '../../core/index.js';

export interface NodeSpec {
  id: string;
  file: string;
  deps?: string[];
  tags?: string[];
  config?: Partial<NodeConfig>;
  /** Overrides of any computed field. */
  extra?: Partial<ManifestNode>;
}

const MATERIALIZED: Record<string, string> = { model: 'view', seed: 'seed', test: 'test', unit_test: 'unit', snapshot: 'snapshot', analysis: 'view', operation: 'view' };

/** A ManifestNode with fqn, paths and config derived from its id (`type.package.name`) and file. */
export function makeNode(spec: NodeSpec): ManifestNode {
  const [type, pkg, ...rest] = spec.id.split('.');
  const resourceType = type as ResourceType;
  const name = rest[rest.length - 1]!;
  const parts = spec.file.split('/');
  const dirs = parts.slice(1, -1);
  const fileName = parts[parts.length - 1]!;
  const ownFile = fileName.endsWith('.sql') || fileName.endsWith('.csv');
  const tags = spec.tags ?? [];
  const config: NodeConfig = {
    enabled: true,
    materialized: MATERIALIZED[resourceType]!,
    schema: null,
    alias: null,
    database: null,
    tags,
    meta: {},
    pre_hook: [],
    post_hook: [],
    ...spec.config,
  };
  const fqn = resourceType === 'unit_test' ? [pkg!, ...dirs, rest[0]!, name] : [pkg!, ...dirs, name];
  return {
    unique_id: spec.id,
    resource_type: resourceType,
    name,
    package_name: pkg!,
    path: ownFile ? parts.slice(1).join('/') : `${name}.sql`,
    original_file_path: spec.file,
    fqn,
    database: null,
    schema: 'analytics',
    alias: name,
    relation_name: resourceType === 'model' || resourceType === 'seed' ? `"analytics"."${name}"` : null,
    raw_code: `select 1 as id -- ${name}`,
    compiled_code: resourceType === 'seed' ? null : `select 1 as id -- ${name}`,
    compiled_path: null,
    language: 'sql',
    config,
    tags,
    description: '',
    columns: {},
    meta: {},
    depends_on: { nodes: spec.deps ?? [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: 'x' },
    patch_path: null,
    renders_at_runtime: false,
    location: { file: spec.file, line: 1 },
    ...spec.extra,
  };
}

export function makeSource(id: string, file: string, tags: string[] = []): SourceDefinition {
  const [, pkg, sourceName, name] = id.split('.');
  const dirs = file.split('/').slice(1, -1);
  return {
    unique_id: id,
    resource_type: 'source',
    name: name!,
    source_name: sourceName!,
    package_name: pkg!,
    identifier: name!,
    schema: 'raw_event',
    database: null,
    relation_name: `"raw_event"."${name}"`,
    fqn: [pkg!, ...dirs, sourceName!, name!],
    path: file,
    original_file_path: file,
    description: '',
    source_description: '',
    loaded_at_field: 'timestamp',
    freshness: { warnAfter: { count: 12, period: 'hour' }, errorAfter: null, filter: null },
    columns: {},
    meta: {},
    tags,
    config: { enabled: true },
    location: { file, line: 3 },
  };
}

export function makeManifest(nodes: ManifestNode[], sources: SourceDefinition[] = [], disabled: ManifestNode[] = []): Manifest {
  const manifest: Manifest = {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      chatsem_version: '0.1.0',
      generated_at: '2024-05-01T12:00:00.000Z',
      invocation_id: 'inv-1',
      project_name: 'p',
      adapter_type: 'postgres',
      env: {},
    },
    nodes: {},
    sources: {},
    macros: {},
    parent_map: {},
    child_map: {},
    unit_tests: {},
    disabled: {},
  };
  for (const node of nodes) {
    manifest.nodes[node.unique_id] = node;
    if (node.resource_type === 'unit_test') manifest.unit_tests[node.unique_id] = node;
  }
  for (const source of sources) manifest.sources[source.unique_id] = source;
  for (const node of disabled) manifest.disabled[node.unique_id] = [node];
  return manifest;
}

/** The fixture project used by the selector tests. */
export function chatProject(): Manifest {
  const events = 'source.p.rasa.events';
  const sessions = 'source.p.rasa.sessions';
  return makeManifest(
    [
      makeNode({ id: 'model.p.stg_events', file: 'models/staging/stg_events.sql', deps: [events], tags: ['staging', 'nightly'] }),
      makeNode({ id: 'model.p.stg_sessions', file: 'models/staging/stg_sessions.sql', deps: [sessions], tags: ['staging'] }),
      makeNode({ id: 'model.p.int_turns', file: 'models/intermediate/int_turns.sql', deps: ['model.p.stg_events'], config: { materialized: 'ephemeral' } }),
      makeNode({
        id: 'model.p.fct_conversations',
        file: 'models/marts/fct_conversations.sql',
        deps: ['model.p.int_turns', 'model.p.stg_sessions'],
        tags: ['nightly'],
        config: { materialized: 'incremental', unique_key: 'conversation_id', meta: { owner: 'ana' }, full_refresh: false, limit: 100 },
        extra: { patch_path: 'p://models/marts/marts.yml' },
      }),
      makeNode({ id: 'model.p.dim_users', file: 'models/marts/dim_users.sql', deps: ['model.p.stg_events'], config: { materialized: 'table' } }),
      makeNode({ id: 'model.p.dim_intents', file: 'models/marts/dim_intents.sql', deps: ['seed.p.intents'], config: { materialized: 'table' } }),
      makeNode({ id: 'seed.p.intents', file: 'seeds/intents.csv' }),
      makeNode({ id: 'model.chat_pkg.pkg_model', file: 'models/pkg_model.sql' }),
      makeNode({
        id: 'test.p.not_null_stg_events_event_id',
        file: 'models/staging/schema.yml',
        deps: ['model.p.stg_events'],
        extra: { test_metadata: { name: 'not_null', namespace: null, kwargs: { column_name: 'event_id' } }, attached_node: 'model.p.stg_events' },
      }),
      makeNode({
        id: 'test.p.unique_fct_conversations_conversation_id',
        file: 'models/marts/marts.yml',
        deps: ['model.p.fct_conversations'],
        config: { severity: 'warn' },
        extra: { test_metadata: { name: 'unique', namespace: null, kwargs: {} }, attached_node: 'model.p.fct_conversations' },
      }),
      makeNode({
        id: 'test.p.relationships_fct_conversations_user_id__user_id__ref_dim_users_',
        file: 'models/marts/marts.yml',
        deps: ['model.p.dim_users', 'model.p.fct_conversations'],
        extra: { test_metadata: { name: 'relationships', namespace: null, kwargs: {} }, attached_node: 'model.p.fct_conversations' },
      }),
      makeNode({
        id: 'test.p.relationships_fct_conversations_session_id__ref_stg_sessions_',
        file: 'models/marts/marts.yml',
        deps: ['model.p.fct_conversations', 'model.p.stg_sessions'],
        extra: { test_metadata: { name: 'relationships', namespace: null, kwargs: {} }, attached_node: 'model.p.fct_conversations' },
      }),
      makeNode({
        id: 'test.p.source_not_null_rasa_events_id',
        file: 'models/staging/sources.yml',
        deps: [events],
        extra: { test_metadata: { name: 'not_null', namespace: null, kwargs: {} }, attached_node: events },
      }),
      makeNode({ id: 'test.p.assert_positive_turns', file: 'tests/assert_positive_turns.sql', deps: ['model.p.fct_conversations'], tags: ['quality'] }),
      makeNode({ id: 'unit_test.p.fct_conversations.counts_turns', file: 'models/marts/unit_tests.yml', deps: ['model.p.fct_conversations'] }),
    ],
    [makeSource(events, 'models/staging/sources.yml', ['raw']), makeSource(sessions, 'models/staging/sources.yml')],
    [makeNode({ id: 'model.p.old_model', file: 'models/old_model.sql', config: { enabled: false } })],
  );
}
