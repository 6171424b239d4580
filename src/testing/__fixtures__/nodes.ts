/** Manifest node and source literals for src/testing's tests. Test-only. */
import type { ManifestNode, NodeConfig, SourceDefinition } from '../../core/index.js';
import { quoteIdentifier } from '../../core/index.js';

export function makeNode(init: Omit<Partial<ManifestNode>, 'config'> & { name: string; config?: Partial<NodeConfig> }): ManifestNode {
  const resource = init.resource_type ?? 'test';
  const schema = init.schema ?? 'public';
  const alias = init.alias ?? init.name;
  const config: NodeConfig = {
    enabled: true,
    materialized: resource === 'test' ? 'test' : 'view',
    schema: null,
    alias: null,
    database: null,
    tags: [],
    meta: {},
    pre_hook: [],
    post_hook: [],
    ...(resource === 'test' ? { severity: 'error', warn_if: '!= 0', error_if: '!= 0' } : {}),
    ...init.config,
  };
  return {
    unique_id: `${resource}.proj.${init.name}`,
    resource_type: resource,
    package_name: 'proj',
    path: `${init.name}.sql`,
    original_file_path: `models/${init.name}.sql`,
    fqn: ['proj', init.name],
    database: null,
    relation_name: resource === 'test' || resource === 'unit_test' ? null : `${quoteIdentifier(schema)}.${quoteIdentifier(alias)}`,
    raw_code: '',
    compiled_code: null,
    compiled_path: null,
    language: 'sql',
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
    location: { file: 'models/schema.yml', line: 7 },
    ...init,
    schema,
    alias,
    config,
  };
}

export function makeSource(init: Partial<SourceDefinition> & { source_name: string; name: string; schema: string }): SourceDefinition {
  const identifier = init.identifier ?? init.name;
  return {
    unique_id: `source.proj.${init.source_name}.${init.name}`,
    resource_type: 'source',
    package_name: 'proj',
    database: null,
    relation_name: `${quoteIdentifier(init.schema)}.${quoteIdentifier(identifier)}`,
    fqn: ['proj', init.source_name, init.name],
    path: 'models/sources.yml',
    original_file_path: 'models/sources.yml',
    description: '',
    source_description: '',
    loaded_at_field: null,
    freshness: null,
    columns: {},
    meta: {},
    tags: [],
    config: { enabled: true },
    location: { file: 'models/sources.yml', line: 4 },
    ...init,
    identifier,
  };
}
