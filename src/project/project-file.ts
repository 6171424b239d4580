import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isYSeq, type YNode } from './yaml-nodes.js';
import { ChatsemErrors, ConfigError, type Hook, type LoadsConfig, type ProjectConfig, type Vars } from '../core/index.js';
import { emptyConfigTree, readConfigTree } from './config-tree.js';
import { renderYamlTree, type Env } from './render-env-vars.js';
import { YamlFile, type YamlEntry } from './yaml-file.js';

export const PROJECT_FILE_NAMES = ['project.yaml', 'dbt_project.yml'] as const;

const PATH_KEYS: Record<string, string> = {
  'model-paths': 'models', 'source-paths': 'models', 'seed-paths': 'seeds', 'data-paths': 'seeds',
  'macro-paths': 'macros', 'test-paths': 'tests', 'analysis-paths': 'analyses', 'snapshot-paths': 'snapshots',
  'docs-paths': '', 'asset-paths': '',
};
const TREE_KEYS = ['models', 'seeds', 'snapshots', 'tests', 'data_tests', 'sources'] as const;
/** Accepted for dbt compatibility but only kept in `raw`. */
const LOOSE_KEYS = [
  'config-version', 'require-dbt-version', 'quoting', 'dispatch', 'flags', 'query-comment', 'packages-install-path',
  'dbt-cloud', 'unit_tests', 'metrics', 'semantic-models', 'saved-queries', 'exposures', 'restrict-access', 'analyses',
];
const ALLOWED_KEYS = [
  'name', 'version', 'profile', ...Object.keys(PATH_KEYS), 'target-path', 'log-path', 'clean-targets', 'vars',
  'on-run-start', 'on-run-end', 'loads', ...TREE_KEYS, ...LOOSE_KEYS,
];
/** Left unrendered: Jinja in these is rendered by the compiler, where var(), target and the rest exist. */
const RAW_KEYS = new Set<string>(['on-run-start', 'on-run-end', 'query-comment', ...TREE_KEYS, 'unit_tests', 'metrics', 'semantic-models', 'saved-queries', 'exposures', 'dispatch']);

export function projectFileIn(dir: string): string | null {
  for (const name of PROJECT_FILE_NAMES) if (existsSync(join(dir, name))) return name;
  return null;
}

/** Reads and validates the project file of `root` (an absolute directory). Throws ChatsemErrors listing every problem. */
export function readProjectConfig(root: string, env: Env): ProjectConfig {
  const projectFile = projectFileIn(root);
  if (!projectFile) {
    throw new ConfigError(
      `no project.yaml or dbt_project.yml in ${root}`,
      undefined,
      'Run chatsem inside a project directory, or pass --project-dir.',
    );
  }
  const errors: ConfigError[] = [];
  const file = new YamlFile(projectFile, readFileSync(join(root, projectFile), 'utf8'), errors);
  const rootNode = file.root;
  if (errors.length > 0) throw new ChatsemErrors(errors);
  const entries = file.entries(rootNode, projectFile) ?? [];
  const raw = (file.js(rootNode) ?? {}) as Record<string, unknown>;
  file.checkKeys(entries, ALLOWED_KEYS, projectFile);
  for (const entry of entries) if (!RAW_KEYS.has(entry.key)) renderYamlTree(file, entry.value, entry.key, env, (path) => path === 'loads.schema');
  const get = (key: string): YamlEntry | undefined => entries.find((entry) => entry.key === key);

  const nameEntry = get('name');
  let name = '';
  if (!nameEntry) file.fail(rootNode, `${projectFile} has no \`name:\``, 'Add `name: my_project` (letters, digits and underscores).');
  else {
    name = file.string(nameEntry.value, '`name`', nameEntry.keyNode) ?? '';
    if (name && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      file.fail(nameEntry.value, `project name "${name}" is not valid`, 'Use letters, digits and underscores only, not starting with a digit.');
    }
  }
  const optionalText = (key: string): string | null => {
    const entry = get(key);
    return entry && !file.isNull(entry.value) ? file.text(entry.value, `\`${key}\``, entry.keyNode) : null;
  };
  const pathList = (keys: string[], fallback: string): string[] => {
    const entry = keys.map(get).find((found) => found !== undefined);
    if (!entry || file.isNull(entry.value)) return [fallback];
    return (file.stringList(entry.value, `\`${entry.key}\``, entry.keyNode) ?? [fallback]).map(cleanPath);
  };

  const config: ProjectConfig = {
    name,
    version: optionalText('version') ?? '',
    profile: optionalText('profile'),
    root,
    projectFile,
    paths: {
      modelPaths: pathList(['model-paths', 'source-paths'], 'models'),
      seedPaths: pathList(['seed-paths', 'data-paths'], 'seeds'),
      macroPaths: pathList(['macro-paths'], 'macros'),
      testPaths: pathList(['test-paths'], 'tests'),
      analysisPaths: pathList(['analysis-paths'], 'analyses'),
      snapshotPaths: pathList(['snapshot-paths'], 'snapshots'),
      targetPath: cleanPath(optionalText('target-path') ?? 'target'),
      logPath: cleanPath(optionalText('log-path') ?? 'logs'),
      cleanTargets: pathList(['clean-targets'], optionalText('target-path') ?? 'target'),
    },
    vars: readVars(file, get('vars'), name),
    onRunStart: readHooks(file, get('on-run-start')),
    onRunEnd: readHooks(file, get('on-run-end')),
    models: readConfigTree(file, get('models')?.value ?? null, 'models', name),
    seeds: readConfigTree(file, get('seeds')?.value ?? null, 'seeds', name),
    snapshots: readConfigTree(file, get('snapshots')?.value ?? null, 'snapshots', name),
    tests: readConfigTree(file, get('data_tests')?.value ?? null, 'data_tests', name, readConfigTree(file, get('tests')?.value ?? null, 'tests', name, emptyConfigTree())),
    sources: readConfigTree(file, get('sources')?.value ?? null, 'sources', name),
    loads: readLoads(file, get('loads')),
    raw,
  };
  if (errors.length > 0) throw new ChatsemErrors(errors);
  return config;
}

function cleanPath(path: string): string {
  const cleaned = path.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return cleaned === '' ? '.' : cleaned;
}

/** dbt scopes vars by package name (`vars: {my_project: {x: 1}}`); the current project's scope wins over globals. */
function readVars(file: YamlFile, entry: YamlEntry | undefined, projectName: string): Vars {
  if (!entry) return {};
  const vars = file.mapping(entry.value, '`vars`', entry.keyNode);
  if (!vars) return {};
  const scoped = vars[projectName];
  if (projectName && scoped !== null && typeof scoped === 'object' && !Array.isArray(scoped)) {
    const { [projectName]: _scope, ...global } = vars;
    return { ...global, ...(scoped as Vars) };
  }
  return vars;
}

function readHooks(file: YamlFile, entry: YamlEntry | undefined): Hook[] {
  if (!entry || file.isNull(entry.value)) return [];
  const nodes = isYSeq(entry.value) ? entry.value.items : [entry.value];
  const hooks: Hook[] = [];
  for (const node of nodes) {
    const sql = file.string(node, `each hook of \`${entry.key}\``, entry.keyNode);
    if (sql !== null) hooks.push({ sql, location: file.location(node, entry.keyNode) });
  }
  return hooks;
}

function readLoads(file: YamlFile, entry: YamlEntry | undefined): LoadsConfig | null {
  if (!entry || file.isNull(entry.value)) return null;
  const entries = file.entries(entry.value, '`loads`', entry.keyNode);
  if (!entries) return null;
  file.checkKeys(entries, ['enabled', 'schema', 'table'], '`loads`');
  const loads: LoadsConfig = { enabled: true, schema: '', table: '_loads' };
  for (const { key, keyNode, value } of entries) {
    if (key === 'enabled') loads.enabled = file.boolean(value, '`loads.enabled`', keyNode) ?? true;
    if (key === 'schema') loads.schema = file.string(value, '`loads.schema`', keyNode) ?? '';
    if (key === 'table') loads.table = file.string(value, '`loads.table`', keyNode) ?? '_loads';
  }
  if (loads.enabled && !entries.some((e) => e.key === 'schema')) {
    file.fail(entry.keyNode, '`loads` is enabled but has no `schema:`', `Add e.g. schema: "{{ var('source_schema_prefix') }}_event" (the schema holding the _loads table).`);
  }
  return loads;
}
