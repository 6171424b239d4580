/**
 * Test nodes for the data tests declared in properties YAML (`not_null`, `relationships` …), named and hashed
 * as dbt does, compiled by calling macro `test_<name>` with `model` (the tested relation, through
 * `get_where_subquery`), `column_name` and the test's arguments.
 */
import { CompilationError } from '../core/index.js';
import type { ChatsemError, Project, PropertiesFile, TestDefinition } from '../core/index.js';
import type { Session } from './compile-session.js';
import { mergeConfig } from './config-merge.js';
import { treeConfig } from './config-resolver.js';
import { syntheticTestNames, testHash } from './generic-test-names.js';
import { keywordArgs, markSafe } from './jinja-environment.js';
import { emptyNode, newBuild } from './node-factory.js';
import type { TemplateCache } from './node-templates.js';
import { foldersUnder } from './properties-index.js';
import { isPlainObject } from './python-methods.js';
import { withState } from './render-state.js';
import type { RenderState } from './render-state.js';
import type { NodeBuild } from './session-types.js';
import { didYouMean } from './template-errors.js';

const LOOKS_LIKE_FUNCTION = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

interface Target {
  kind: 'node' | 'source';
  /** Model name, or `source_name` for sources. */
  name: string;
  table?: string;
  attachedId: string | null;
}

export interface GenericTestContext {
  project: Project;
  session: Session;
  templates: TemplateCache;
  errors: ChatsemError[];
}

/** Renders a test argument as dbt does: `ref(...)`-like strings evaluate to their value, other Jinja to text. */
function resolveArgument(value: unknown, key: string, state: RenderState, templates: TemplateCache, file: string): unknown {
  if (typeof value === 'string') {
    if (key === 'column_name') return value;
    if (LOOKS_LIKE_FUNCTION.test(value)) {
      let captured: unknown;
      state.locals.__capture = (result: unknown) => {
        captured = result;
        return '';
      };
      templates.render(`{{ __capture(${value}) }}`, file, state);
      return captured;
    }
    return templates.render(value, file, state);
  }
  if (Array.isArray(value)) return value.map((item) => resolveArgument(item, '', state, templates, file));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveArgument(v, k, state, templates, file);
    return out;
  }
  return value;
}

function testRender(context: GenericTestContext, build: NodeBuild, target: Target, file: string): (state: RenderState) => string {
  return (state) => withState(state, () => {
    const { session, templates } = context;
    const macro = session.macro(build.testMacro!);
    if (!macro) throw new CompilationError(`No macro ${build.testMacro} for generic test ${build.node.test_metadata?.name}`);
    const kwargs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(build.testKwargs ?? {})) {
      if (key !== 'model') kwargs[key] = resolveArgument(value, key, state, templates, file);
    }
    const relation = target.kind === 'node'
      ? session.resolveRef(state, target.name, null, null)
      : session.resolveSource(state, target.name, target.table!);
    // dbt's get_where_subquery, in TypeScript unless the project overrides the macro.
    const override = session.registry?.project.get('get_where_subquery');
    if (override) kwargs.model = override(relation);
    else {
      const where = session.visibleConfig(build, state).where;
      kwargs.model = where ? markSafe(`(select * from ${String(relation)} where ${String(where)}) dbt_subquery`) : relation;
    }
    return String(macro(keywordArgs(kwargs)));
  });
}

function makeTest(context: GenericTestContext, definition: TestDefinition, target: Target, targetName: string, column: { name: string; tags: string[] } | null, file: PropertiesFile, folders: string[]): NodeBuild {
  const projectName = context.project.config.name;
  const args: Record<string, unknown> = { ...definition.args };
  if (column) args.column_name = column.name;
  const modelArg = target.kind === 'node' ? `ref('${target.name}')` : `source('${target.name}', '${target.table}')`;
  const kwargs = { ...args, model: `{{ get_where_subquery(${modelArg}) }}` };
  const testType = `${definition.namespace ? `${definition.namespace}_` : ''}${target.kind === 'source' ? 'source_' : ''}${definition.name}`;
  const { short, full } = syntheticTestNames(testType, targetName, args);
  const name = definition.customName ?? full;
  const metadata = { name: definition.name, namespace: definition.namespace, kwargs };
  const paths = context.project.config.paths;
  const fqn = [projectName, ...folders, name];
  const base = treeConfig(context.project.config.tests, fqn);
  if (column && column.tags.length > 0) mergeConfig(base, { tags: column.tags });
  mergeConfig(base, definition.config);
  if (!definition.customName && short !== full && base.alias === undefined) base.alias = short;
  const node = emptyNode({
    unique_id: `test.${projectName}.${name}.${testHash(name, metadata)}`,
    resource_type: 'test',
    name,
    package_name: projectName,
    path: `${definition.customName ?? short}.sql`,
    original_file_path: file.path,
    fqn,
    raw_code: `{{ test_${definition.name}(**_dbt_generic_test_kwargs) }}`,
    location: definition.location,
    compiled_path: `${paths.targetPath}/compiled/${projectName}/${file.path}/${definition.customName ?? short}.sql`,
  });
  node.test_metadata = metadata;
  node.attached_node = target.attachedId;
  node.column_name = column?.name ?? null;
  const build = newBuild(node, base);
  build.testKwargs = kwargs;
  build.testMacro = `test_${definition.name}`;
  build.testTarget = { kind: target.kind, name: target.name, sourceName: target.table };
  build.render = testRender(context, build, target, file.path);
  if (!context.session.macro(build.testMacro)) {
    const known = [...(context.session.registry?.project.keys() ?? []), ...(context.session.registry?.builtin.keys() ?? [])]
      .filter((macro) => macro.startsWith('test_'))
      .map((macro) => macro.slice(5));
    context.errors.push(
      new CompilationError(`Generic test '${definition.name}' on ${targetName} has no definition: no macro test_${definition.name}`, {
        location: definition.location,
        node: node.unique_id,
        hint: didYouMean(definition.name, known) ?? `Define it with {% test ${definition.name}(model, column_name) %} … {% endtest %} in macros/ or tests/generic/.`,
      }),
    );
    build.failed = true;
  }
  return build;
}

const hasJinja = (value: unknown): boolean => {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') || LOOKS_LIKE_FUNCTION.test(value);
  if (Array.isArray(value)) return value.some(hasJinja);
  if (isPlainObject(value)) return Object.values(value).some(hasJinja);
  return false;
};

/** A test macro whose parse render can only repeat what we know: no config(), ref(), source(), execute, no macro calls. */
const staticMacros = new WeakMap<object, boolean>();
const STATIC_TEST_MACRO = (definition: { macro_sql: string }): boolean => {
  // Asked once per test (tens of thousands) about a handful of macros.
  let known = staticMacros.get(definition);
  if (known === undefined) {
    // config.get()/require() only read (the built-in not_null asks for store_failures); config(…) sets.
    const body = definition.macro_sql.replace(/^\{%-?\s*macro[^%]*%\}/, '').replace(/\bconfig\s*\.\s*(get|require)\s*\(/g, '(');
    known = !/\b(config|ref|source|execute|run_query|statement|adapter)\b/.test(body);
    staticMacros.set(definition, known);
  }
  return known;
};

/**
 * Like dbt (which does this for not_null and unique), skip the parse render of tests whose macro is static and
 * whose arguments hold no Jinja: their only dependency is the tested node, recorded here. Returns false when the
 * test must be parsed by rendering it.
 */
export function recordPlainTestDependencies(session: Session, build: NodeBuild): boolean {
  const registry = session.registry;
  if (!build.testMacro || !registry) return false;
  const id = registry.idOf(build.testMacro);
  const definition = id === undefined ? undefined : registry.definitions[id];
  if (!definition || definition.depends_on.macros.length > 0 || !STATIC_TEST_MACRO(definition)) return false;
  for (const [key, value] of Object.entries(build.testKwargs ?? {})) if (key !== 'model' && key !== 'column_name' && hasJinja(value)) return false;
  const target = build.testTarget!;
  if (target.kind === 'node') build.node.refs.push({ name: target.name, package: null, version: null });
  else build.node.sources.push([target.name, target.sourceName!]);
  return true;
}

/** Tests of models, seeds, snapshots and sources; tests of disabled nodes are dropped with them. */
export function buildGenericTests(context: GenericTestContext): NodeBuild[] {
  const { session, errors } = context;
  const builds: NodeBuild[] = [];
  const paths = context.project.config.paths;
  const roots = [...paths.modelPaths, ...paths.seedPaths, ...paths.snapshotPaths];
  for (const file of context.project.properties) {
    const folders = foldersUnder(file.path, roots);
    for (const kind of ['models', 'seeds', 'snapshots'] as const) {
      for (const properties of file[kind] ?? []) {
        const tests = [
          ...(properties.tests ?? []).map((definition) => ({ definition, column: null })),
          ...(properties.columns ?? []).flatMap((column) => (column.tests ?? []).map((definition) => ({ definition, column: { name: column.name, tags: column.tags ?? [] } }))),
        ];
        if (tests.length === 0) continue;
        const target = session.findRefable(properties.name, null);
        if (!target) {
          if (!session.disabledRefable.has(properties.name)) {
            errors.push(new CompilationError(`Tests in ${file.path} are declared for ${kind.slice(0, -1)} '${properties.name}', which does not exist`, {
              location: properties.location,
              hint: didYouMean(properties.name, session.refable.keys()) ?? 'Fix the name or remove the entry.',
            }));
          }
          continue;
        }
        const attached = { kind: 'node' as const, name: properties.name, attachedId: target.node.unique_id };
        for (const { definition, column } of tests) builds.push(makeTest(context, definition, attached, properties.name, column, file, folders));
      }
    }
    for (const source of file.sources ?? []) {
      for (const table of source.tables) {
        const key = `${source.name}.${table.name}`;
        const definition = session.sources.get(key);
        if (!definition) continue;
        const target = { kind: 'source' as const, name: source.name, table: table.name, attachedId: definition.unique_id };
        const targetName = `${source.name}_${table.name}`;
        for (const test of table.tests ?? []) builds.push(makeTest(context, test, target, targetName, null, file, folders));
        for (const column of table.columns ?? []) {
          for (const test of column.tests ?? []) builds.push(makeTest(context, test, target, targetName, { name: column.name, tags: column.tags ?? [] }, file, folders));
        }
      }
    }
  }
  return builds;
}
