/** A small Manifest literal for the artifact writers: a model, a generic test from YAML, a seed, a unit test, a source. */
import type { Manifest, ManifestNode, ResourceType, SourceDefinition } from '../../core/index.js';

export function makeNode(id: string, file: string, fields: Partial<ManifestNode> = {}): ManifestNode {
  const [type, pkg, ...rest] = id.split('.');
  const name = rest[rest.length - 1]!;
  return {
    unique_id: id,
    resource_type: type as ResourceType,
    name,
    package_name: pkg!,
    path: file.endsWith('.sql') || file.endsWith('.csv') ? file.split('/').slice(1).join('/') : `${name}.sql`,
    original_file_path: file,
    fqn: [pkg!, name],
    database: null,
    schema: 'analytics',
    alias: name,
    relation_name: `"analytics"."${name}"`,
    raw_code: `select 1 -- ${name}`,
    compiled_code: `select 1 -- ${name}`,
    compiled_path: null,
    language: 'sql',
    config: { enabled: true, materialized: 'view', schema: null, alias: null, database: null, tags: [], meta: {}, pre_hook: [], post_hook: [] },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    checksum: { name: 'sha256', checksum: 'abc' },
    patch_path: null,
    renders_at_runtime: false,
    location: { file, line: 1 },
    ...fields,
  };
}

export function sampleManifest(): Manifest {
  const source: SourceDefinition = {
    unique_id: 'source.shop.rasa.events',
    resource_type: 'source',
    name: 'events',
    source_name: 'rasa',
    package_name: 'shop',
    identifier: 'events',
    schema: 'raw',
    database: null,
    relation_name: '"raw"."events"',
    fqn: ['shop', 'rasa', 'events'],
    path: 'models/sources.yml',
    original_file_path: 'models/sources.yml',
    description: '',
    source_description: '',
    loaded_at_field: 'timestamp',
    freshness: { warnAfter: { count: 12, period: 'hour' }, errorAfter: null, filter: null },
    columns: {},
    meta: {},
    tags: [],
    config: { enabled: true },
    location: { file: 'models/sources.yml', line: 4 },
  };
  const model = makeNode('model.shop.stg_events', 'models/staging/stg_events.sql', {
    depends_on: { nodes: [source.unique_id], macros: [] },
    renders_at_runtime: true,
  });
  const test = makeNode('test.shop.not_null_stg_events_id', 'models/staging/schema.yml', {
    depends_on: { nodes: [model.unique_id], macros: [] },
    test_metadata: { name: 'not_null', namespace: null, kwargs: { column_name: 'id' } },
    relation_name: null,
  });
  const seed = makeNode('seed.shop.intents', 'seeds/intents.csv', { compiled_code: null });
  const unit = makeNode('unit_test.shop.stg_events.parses', 'models/staging/unit.yml', {
    depends_on: { nodes: [model.unique_id], macros: [] },
    unit_test: {
      model: 'stg_events',
      given: [{ input: "source('rasa', 'events')", format: 'dict', rows: [{ id: 1 }], text: null }],
      expect: { input: '', format: 'csv', rows: null, text: 'id\n1' },
      overrides: {},
    },
  });
  const disabled = makeNode('model.shop.old', 'models/old.sql');
  disabled.config.enabled = false;
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      chatsem_version: '9.9.9',
      generated_at: '2024-05-01T12:00:00.000Z',
      invocation_id: 'inv-1',
      project_name: 'shop',
      adapter_type: 'postgres',
      env: {},
    },
    nodes: { [model.unique_id]: model, [test.unique_id]: test, [seed.unique_id]: seed, [unit.unique_id]: unit },
    sources: { [source.unique_id]: source },
    macros: {
      'macro.shop.cents': {
        unique_id: 'macro.shop.cents',
        name: 'cents',
        package_name: 'shop',
        path: 'macros/cents.sql',
        original_file_path: 'macros/cents.sql',
        macro_sql: '{% macro cents(x) %}{{ x }} * 100{% endmacro %}',
        depends_on: { macros: [] },
        description: '',
        arguments: [],
      },
    },
    parent_map: {},
    child_map: {},
    unit_tests: { [unit.unique_id]: unit },
    disabled: { [disabled.unique_id]: [disabled] },
  };
}
