/**
 * ProjectCompiler: a Project in, a Manifest out. Macros are compiled once; every node is rendered twice
 * (parse, then compile) from one compiled template; nodes that read the warehouse are rendered again at run time.
 */
import { CompilationError, InternalError } from '../core/index.js';
import type { ChatsemError, Manifest, ManifestNode, Project } from '../core/index.js';
import { BUILTIN_MACROS, BUILTIN_MACROS_PATH } from './builtin-macros.js';
import type { CompileOptions, RuntimeContext } from './compile-options.js';
import { compileNode, injectEphemerals, linkNode, nodeErrorContext, parseNode, registerNodes } from './compile-phases.js';
import { Session } from './compile-session.js';
import { collectCtes, injectCtes } from './ephemeral-ctes.js';
import { buildGenericTests } from './generic-tests.js';
import { keywordArgs } from './jinja-environment.js';
import { MacroRegistry } from './macro-registry.js';
import type { MacroFile } from './macro-registry.js';
import { assembleManifest } from './manifest-assembly.js';
import { finalizeNode } from './node-finalizer.js';
import { buildFileNodes, isGenericTestFile, newBuild } from './node-factory.js';
import { TemplateCache } from './node-templates.js';
import { PropertiesIndex } from './properties-index.js';
import { RenderState, runRoot, withState } from './render-state.js';
import { replayRender } from './runtime-render.js';
import type { NodeBuild } from './session-types.js';
import { buildSources } from './source-builder.js';
import { didYouMean, renderError, syntaxError } from './template-errors.js';
import { buildUnitTests } from './unit-tests.js';

export interface CompileResult {
  manifest: Manifest;
  errors: ChatsemError[];
  /** Milliseconds per phase: macros, parse, compile, total. */
  timings: Record<string, number>;
}

export class ProjectCompiler {
  private readonly session: Session;
  private readonly templates = new TemplateCache();
  private readonly properties: PropertiesIndex;

  constructor(
    private readonly project: Project,
    private readonly options: CompileOptions,
  ) {
    this.session = new Session(project, options);
    this.properties = new PropertiesIndex(project);
  }

  /** Parse + compile every node. Never throws for user errors: all of them come back in `errors`. */
  compile(): CompileResult {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const errors: ChatsemError[] = [];
    const session = this.session;
    const mark = (name: string, since: number): number => {
      const now = performance.now();
      timings[name] = Math.round((now - since) * 10) / 10;
      return now;
    };

    session.registry = new MacroRegistry(session, this.macroFiles(), this.properties.macroDescriptions());
    errors.push(...session.registry.errors);
    let phase = mark('macros', started);

    const disabled: ManifestNode[] = [];
    const enabledOnly = (builds: NodeBuild[]): NodeBuild[] =>
      builds.filter((build) => {
        if (finalizeNode(session, build, errors)) return true;
        session.removeNode(build);
        disabled.push(build.node);
        return false;
      });
    let builds = registerNodes(session, buildFileNodes(this.project, this.properties, errors), errors);
    buildSources(this.project, session, this.templates, errors);
    for (const build of builds) parseNode(session, build, errors);
    builds = enabledOnly(builds);
    const tests = registerNodes(session, buildGenericTests({ project: this.project, session, templates: this.templates, errors }), errors);
    for (const build of tests) parseNode(session, build, errors);
    builds.push(...enabledOnly(tests));
    builds.push(...enabledOnly(registerNodes(session, buildUnitTests(this.project, session, errors), errors)));
    session.parsed = true;
    for (const build of builds) linkNode(session, build, errors);
    phase = mark('parse', phase);

    for (const build of builds) compileNode(session, build, errors);
    for (const build of builds) injectEphemerals(session, build);
    phase = mark('compile', phase);

    const manifest = assembleManifest({
      projectName: session.projectName,
      options: this.options,
      nodes: builds.map((build) => build.node),
      sources: session.sources.values(),
      macros: session.registry.definitions,
      disabled,
    });
    mark('total', started);
    return { manifest, errors, timings };
  }

  /** Render a node again against the warehouse (runner calls this for nodes with renders_at_runtime). */
  async renderAtRuntime(node: ManifestNode, runtime: RuntimeContext): Promise<string> {
    const build = this.session.builds.get(node.unique_id);
    if (!build) throw new InternalError(`renderAtRuntime: ${node.unique_id} is not a node of this compilation`);
    const render = build.render;
    if (!render) return node.compiled_code ?? '';
    try {
      const { sql, state } = await replayRender(runtime, (memo) => new RenderState(this.session, build, 'runtime', memo), render, `${node.resource_type} ${node.name}`);
      return injectCtes(sql, collectCtes(state.ephemeralRefs, this.session.builds));
    } catch (error) {
      throw renderError(error, nodeErrorContext(build));
    }
  }

  /** Render a hook or any SQL template with the node's context (`this`, …) and extra variables (e.g. `results`). */
  async renderTemplate(template: string, node: ManifestNode | null, runtime: RuntimeContext | null, extra?: Record<string, unknown>): Promise<string> {
    const build = node ? (this.session.builds.get(node.unique_id) ?? this.detachedBuild(node)) : null;
    const file = node?.original_file_path ?? this.project.config.projectFile;
    const context = { file, subject: node ? `a hook of ${node.resource_type} ${node.name}` : 'a hook', node: node?.unique_id, fallback: node?.location };
    let root;
    try {
      root = this.templates.root(template, file);
    } catch (error) {
      throw syntaxError(error, context);
    }
    const vars = extra ?? null;
    try {
      if (!runtime) return runRoot(root, new RenderState(this.session, build, 'compile', null, vars));
      const { sql } = await replayRender(runtime, (memo) => new RenderState(this.session, build, 'runtime', memo, vars), (state) => runRoot(root, state), context.subject);
      return sql;
    } catch (error) {
      throw renderError(error, context);
    }
  }

  /** Call a macro by name (e.g. a generic test `test_not_null`) and return its rendered text. */
  callMacro(name: string, args: Record<string, unknown>, node: ManifestNode | null): string {
    const macro = this.session.macro(name);
    if (!macro) {
      const known = [...(this.session.registry?.project.keys() ?? []), ...(this.session.registry?.builtin.keys() ?? [])];
      throw new CompilationError(`Macro '${name}' not found`, { hint: didYouMean(name, known) });
    }
    const build = node ? (this.session.builds.get(node.unique_id) ?? this.detachedBuild(node)) : null;
    const state = new RenderState(this.session, build, 'compile');
    try {
      const value = withState(state, () => macro(keywordArgs(args)));
      return value === null || value === undefined ? '' : String(value);
    } catch (error) {
      throw renderError(error, { file: node?.original_file_path ?? name, subject: `macro ${name}`, node: node?.unique_id, fallback: node?.location, useFallback: true });
    }
  }

  private detachedBuild(node: ManifestNode): NodeBuild {
    return newBuild(node, {});
  }

  private macroFiles(): MacroFile[] {
    const name = this.project.config.name;
    return [
      { path: BUILTIN_MACROS_PATH, source: BUILTIN_MACROS, packageName: 'dbt', builtin: true },
      ...(this.options.builtinMacros ?? []).map((file) => ({ ...file, packageName: 'dbt', builtin: true })),
      ...this.project.files
        .filter((file) => (file.kind === 'macro' && /\.(sql|jinja2?)$/i.test(file.path)) || isGenericTestFile(file))
        .map((file) => ({ path: file.path, source: file.contents, packageName: name, builtin: false })),
    ];
  }
}
