/**
 * The compiled project: nodes with their resolved config and dependencies, named as in dbt's manifest.json
 * so that `target/manifest.json` is a plain serialisation of this structure.
 */
import type { SourceLocation } from './errors.js';
import type { FreshnessRule, UnitTestInput, Vars } from './project-types.js';

export type ResourceType = 'model' | 'seed' | 'test' | 'snapshot' | 'analysis' | 'unit_test' | 'operation';

export type Materialization =
  | 'view'
  | 'table'
  | 'incremental'
  | 'ephemeral'
  | 'materialized_view'
  | 'seed'
  | 'test'
  | 'snapshot'
  | 'unit'
  | (string & {});

/** Config of a node after merging project tree < properties YAML < in-file `config()`. */
export interface NodeConfig {
  enabled: boolean;
  materialized: Materialization;
  schema: string | null;
  alias: string | null;
  database: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  pre_hook: string[];
  post_hook: string[];
  /** Anything else: unique_key, incremental_strategy, on_schema_change, severity, column_types … */
  [key: string]: unknown;
}

export interface ColumnInfo {
  name: string;
  description: string;
  data_type: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  quote: boolean | null;
}

export interface DependsOn {
  nodes: string[];
  macros: string[];
}

/** What a generic test was called with (dbt's `test_metadata`). */
export interface TestMetadata {
  name: string;
  namespace: string | null;
  kwargs: Record<string, unknown>;
}

export interface ManifestNode {
  unique_id: string;
  resource_type: ResourceType;
  name: string;
  package_name: string;
  /** Path relative to its resource path (`staging/stg_orders.sql`). */
  path: string;
  /** Path relative to the project root (`models/staging/stg_orders.sql`). */
  original_file_path: string;
  fqn: string[];
  database: string | null;
  schema: string;
  alias: string;
  /** Quoted `"schema"."alias"`, null for ephemeral models, tests and analyses. */
  relation_name: string | null;
  raw_code: string;
  /** SQL rendered at compile time; a node whose SQL depends on the warehouse is rendered again at run time. */
  compiled_code: string | null;
  compiled_path: string | null;
  language: 'sql';
  config: NodeConfig;
  tags: string[];
  description: string;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  depends_on: DependsOn;
  /** `ref()` calls as written: `[{name, package, version}]`. */
  refs: { name: string; package: string | null; version: string | null }[];
  /** `source()` calls as written: `[[source, table]]`. */
  sources: [string, string][];
  checksum: { name: 'sha256'; checksum: string };
  patch_path: string | null;
  /** Generic tests only. */
  test_metadata?: TestMetadata;
  /** Tests: the node or source the test is attached to. */
  attached_node?: string | null;
  column_name?: string | null;
  /** Unit tests only. */
  unit_test?: { model: string; given: UnitTestInput[]; expect: UnitTestInput; overrides: { vars?: Vars; macros?: Record<string, unknown> } };
  /**
   * chatsem: the rendered SQL reads run-time state (`is_incremental()`, `run_query()`, `execute`, statements …),
   * so the runner renders it again against the warehouse before running it.
   */
  renders_at_runtime: boolean;
  /** Where the node is defined, for error messages. */
  location: SourceLocation;
}

export interface SourceDefinition {
  unique_id: string;
  resource_type: 'source';
  name: string;
  source_name: string;
  package_name: string;
  identifier: string;
  schema: string;
  database: string | null;
  relation_name: string;
  fqn: string[];
  path: string;
  original_file_path: string;
  description: string;
  source_description: string;
  loaded_at_field: string | null;
  freshness: FreshnessRule | null;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  tags: string[];
  config: { enabled: boolean; [key: string]: unknown };
  location: SourceLocation;
}

export interface MacroDefinition {
  unique_id: string;
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  macro_sql: string;
  depends_on: { macros: string[] };
  description: string;
  arguments: { name: string }[];
}

export interface ManifestMetadata {
  dbt_schema_version: string;
  chatsem_version: string;
  generated_at: string;
  invocation_id: string;
  project_name: string;
  adapter_type: string | null;
  env: Record<string, string>;
}

export interface Manifest {
  metadata: ManifestMetadata;
  nodes: Record<string, ManifestNode>;
  sources: Record<string, SourceDefinition>;
  macros: Record<string, MacroDefinition>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  /** Unit tests live here in dbt's manifest; chatsem keeps them in `nodes` too for selection. */
  unit_tests: Record<string, ManifestNode>;
  disabled: Record<string, ManifestNode[]>;
}

export type GraphMember = ManifestNode | SourceDefinition;
