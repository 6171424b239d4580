/**
 * After the parse render: a node's final config, schema, alias and relation (`this`). Schema and alias come from
 * dbt's defaults, or from the project's `generate_schema_name` / `generate_alias_name` macros when it has them.
 */
import { CompilationError, Relation } from '../core/index.js';
import type { ChatsemError, RelationType } from '../core/index.js';
import type { Session } from './compile-session.js';
import { resolveConfig } from './config-resolver.js';
import { keywordArgs } from './jinja-environment.js';
import { nodeView } from './node-views.js';
import { defaultSchemaName, EphemeralRelation, identifierProblem } from './relation-naming.js';
import { RenderState, withState } from './render-state.js';
import type { NodeBuild } from './session-types.js';
import { renderError } from './template-errors.js';

const RELATIONAL = new Set(['model', 'seed', 'snapshot']);

function relationType(materialized: string): RelationType {
  if (materialized === 'view') return 'view';
  if (materialized === 'materialized_view') return 'materialized_view';
  return 'table';
}

function callNamingMacro(session: Session, build: NodeBuild, macroName: string, custom: string | null): string {
  const macro = session.registry!.project.get(macroName)!;
  const state = new RenderState(session, build, 'compile');
  const value = withState(state, () => macro(keywordArgs({ [macroName === 'generate_schema_name' ? 'custom_schema_name' : 'custom_alias_name']: custom, node: nodeView(build.node, build.node.config) })));
  return String(value).trim();
}

/** Sets config, schema, alias and relation; returns false when the node is disabled. */
export function finalizeNode(session: Session, build: NodeBuild, errors: ChatsemError[]): boolean {
  const node = build.node;
  const config = resolveConfig(node.resource_type, [build.baseConfig, build.fileConfig]);
  node.config = config;
  node.tags = config.tags;
  node.meta = { ...node.meta, ...config.meta };
  if (!config.enabled) return false;
  const target = session.options.target;
  const targetSchema = String(target.schema ?? '');
  const registry = session.registry!;
  try {
    if (node.resource_type === 'snapshot' && typeof config.target_schema === 'string') node.schema = config.target_schema;
    else if (registry.project.has('generate_schema_name')) node.schema = callNamingMacro(session, build, 'generate_schema_name', config.schema);
    else node.schema = defaultSchemaName(targetSchema, config.schema);
    if (registry.project.has('generate_alias_name')) node.alias = callNamingMacro(session, build, 'generate_alias_name', config.alias);
    else node.alias = config.alias?.trim() || node.name;
  } catch (error) {
    errors.push(renderError(error, { file: node.original_file_path, subject: `the schema/alias name of ${node.resource_type} ${node.name}`, node: node.unique_id, fallback: node.location }));
    build.failed = true;
    return true;
  }
  node.database = config.database ?? (typeof target.dbname === 'string' ? target.dbname : typeof target.database === 'string' ? target.database : null);
  if (config.materialized === 'ephemeral' && node.resource_type === 'model') {
    build.relation = new EphemeralRelation(node.schema, node.alias);
    node.relation_name = null;
    return true;
  }
  build.relation = new Relation({ database: node.database, schema: node.schema, identifier: node.alias, type: relationType(config.materialized) });
  node.relation_name = RELATIONAL.has(node.resource_type) ? build.relation.render() : null;
  if (RELATIONAL.has(node.resource_type)) {
    const problem = identifierProblem('Relation name', node.alias) ?? identifierProblem('Schema name', node.schema);
    if (problem) {
      errors.push(new CompilationError(`${problem} (${node.resource_type} ${node.name})`, {
        location: node.location,
        node: node.unique_id,
        hint: 'Set a shorter alias (or schema) in its config.',
      }));
      build.failed = true;
    }
  }
  return true;
}
