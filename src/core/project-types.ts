/**
 * What `project/` reads from disk: the project file, every model/seed/test/macro file and the properties YAML,
 * validated but not yet rendered. The compiler turns this into a Manifest.
 */
import type { SourceLocation } from './errors.js';

export type Vars = Record<string, unknown>;

/** A `models:`/`seeds:`/`snapshots:`/`tests:` config tree from the project file: `+key` values inherited by folder. */
export interface ConfigTree {
  /** Config values set at this level (keys without the `+`). */
  config: Record<string, unknown>;
  children: Record<string, ConfigTree>;
}

export interface ProjectPaths {
  modelPaths: string[];
  seedPaths: string[];
  macroPaths: string[];
  testPaths: string[];
  analysisPaths: string[];
  snapshotPaths: string[];
  targetPath: string;
  logPath: string;
  cleanTargets: string[];
}

export interface Hook {
  sql: string;
  location: SourceLocation;
}

/** `loads:` in project.yaml switches on the `_loads` lifecycle (see src/loads). */
export interface LoadsConfig {
  enabled: boolean;
  /** Template for the raw schema holding `_loads`, e.g. "{{ var('source_schema_prefix') }}_event". */
  schema: string;
  table: string;
}

export interface ProjectConfig {
  name: string;
  version: string;
  profile: string | null;
  /** Absolute path of the project directory. */
  root: string;
  /** `project.yaml` or `dbt_project.yml`, relative to root. */
  projectFile: string;
  paths: ProjectPaths;
  vars: Vars;
  onRunStart: Hook[];
  onRunEnd: Hook[];
  models: ConfigTree;
  seeds: ConfigTree;
  snapshots: ConfigTree;
  tests: ConfigTree;
  sources: ConfigTree;
  loads: LoadsConfig | null;
  /** Keys of the raw project file we kept for the manifest's metadata. */
  raw: Record<string, unknown>;
}

export type FileKind = 'model' | 'seed' | 'macro' | 'test' | 'analysis' | 'snapshot' | 'properties';

/** A file found under one of the project paths. */
export interface ProjectFile {
  kind: FileKind;
  /** Path relative to the project root, with forward slashes (dbt's `original_file_path`). */
  path: string;
  /** Path relative to the resource path it was found under (dbt's `path`), e.g. `staging/stg_orders.sql`. */
  relativePath: string;
  /** The model/seed path it was found under, e.g. `models`. */
  resourceRoot: string;
  /** File contents; seeds are not read here (they are streamed at load time). */
  contents: string;
  /** sha256 of the contents (seeds: of the file), for manifest checksums. */
  checksum: string;
}

/** A data test as written in YAML, before it is turned into a test node. */
export interface TestDefinition {
  /** `not_null`, `accepted_values`, `dbt_expectations.expect_column_to_exist`, a custom test name … */
  name: string;
  /** Namespace given before a dot (`dbt_expectations`), if any. */
  namespace: string | null;
  /** Arguments (from `arguments:` or the top-level keys that are not config). */
  args: Record<string, unknown>;
  /** Config given with the test: severity, where, limit, warn_if, error_if, store_failures, tags, enabled, name … */
  config: Record<string, unknown>;
  /** `name:` given by the user for the test node. */
  customName: string | null;
  location: SourceLocation;
}

export interface ColumnProperties {
  name: string;
  description: string;
  dataType: string | null;
  quote: boolean | null;
  tests: TestDefinition[];
  meta: Record<string, unknown>;
  tags: string[];
  location: SourceLocation;
}

/** `models:`, `seeds:`, `snapshots:` or `analyses:` entry in a properties file. */
export interface NodeProperties {
  name: string;
  description: string;
  config: Record<string, unknown>;
  columns: ColumnProperties[];
  tests: TestDefinition[];
  docs: Record<string, unknown>;
  meta: Record<string, unknown>;
  location: SourceLocation;
}

export interface FreshnessThreshold {
  count: number;
  period: 'minute' | 'hour' | 'day';
}

export interface FreshnessRule {
  warnAfter: FreshnessThreshold | null;
  errorAfter: FreshnessThreshold | null;
  filter: string | null;
}

export interface SourceTableProperties {
  name: string;
  identifier: string | null;
  description: string;
  loadedAtField: string | null;
  freshness: FreshnessRule | null;
  columns: ColumnProperties[];
  tests: TestDefinition[];
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  location: SourceLocation;
}

export interface SourceProperties {
  name: string;
  /** May contain Jinja (`"{{ var('source_schema_prefix') }}_event"`), rendered by the compiler. */
  schema: string;
  database: string | null;
  description: string;
  loadedAtField: string | null;
  freshness: FreshnessRule | null;
  tables: SourceTableProperties[];
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  location: SourceLocation;
}

/** One `given:` input of a unit test. */
export interface UnitTestInput {
  /** `ref('x')` or `source('a','b')` exactly as written. */
  input: string;
  format: 'dict' | 'csv' | 'sql';
  rows: Record<string, unknown>[] | null;
  /** For csv/sql formats. */
  text: string | null;
}

export interface UnitTestProperties {
  name: string;
  model: string;
  description: string;
  given: UnitTestInput[];
  expect: UnitTestInput;
  /** `env_vars` was added (additively) by project/: dbt unit tests can override env_var() values too. */
  overrides: { vars?: Vars; macros?: Record<string, unknown>; env_vars?: Record<string, string> };
  config: Record<string, unknown>;
  location: SourceLocation;
}

export interface PropertiesFile {
  path: string;
  models: NodeProperties[];
  seeds: NodeProperties[];
  snapshots: NodeProperties[];
  analyses: NodeProperties[];
  macros: NodeProperties[];
  sources: SourceProperties[];
  unitTests: UnitTestProperties[];
}

/** Everything `project/` produces: read and validated, nothing rendered. */
export interface Project {
  config: ProjectConfig;
  files: ProjectFile[];
  properties: PropertiesFile[];
}
