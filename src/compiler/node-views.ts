/** Plain-object views of nodes for templates: the `model` global and the `graph` global. */
import type { ManifestNode, SourceDefinition } from '../core/index.js';

/** What `model` (and `node` in generate_schema_name) shows of a node: dbt's node dict, shallowly. */
export function nodeView(node: ManifestNode, config: Record<string, unknown>): Record<string, unknown> {
  return {
    unique_id: node.unique_id,
    name: node.name,
    resource_type: node.resource_type,
    package_name: node.package_name,
    path: node.path,
    original_file_path: node.original_file_path,
    fqn: node.fqn,
    database: node.database,
    schema: node.schema,
    alias: node.alias,
    identifier: node.alias,
    relation_name: node.relation_name,
    raw_code: node.raw_code,
    raw_sql: node.raw_code,
    compiled_code: node.compiled_code,
    config,
    tags: node.tags,
    description: node.description,
    columns: node.columns,
    meta: node.meta,
    refs: node.refs,
    sources: node.sources,
    depends_on: node.depends_on,
    test_metadata: node.test_metadata ?? null,
    column_name: node.column_name ?? null,
    attached_node: node.attached_node ?? null,
  };
}

export function sourceView(source: SourceDefinition): Record<string, unknown> {
  return { ...source, location: undefined };
}

/** The `graph` global: `graph.nodes`, `graph.sources` (and empty exposures/metrics for macros that read them). */
export function graphView(nodes: Iterable<ManifestNode>, sources: Iterable<SourceDefinition>): Record<string, unknown> {
  const nodeMap: Record<string, unknown> = {};
  for (const node of nodes) nodeMap[node.unique_id] = nodeView(node, node.config);
  const sourceMap: Record<string, unknown> = {};
  for (const source of sources) sourceMap[source.unique_id] = sourceView(source);
  return { nodes: nodeMap, sources: sourceMap, exposures: {}, metrics: {}, semantic_models: {}, groups: {} };
}
