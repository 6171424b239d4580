/**
 * Opens a project for a command: read and validate files, resolve the target, compile, build the graph, select.
 * The pipeline is Project → Manifest → ProjectGraph → selection; each step's errors are collected and reported
 * together before anything touches the warehouse.
 */
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Adapter, AdapterConfig } from '../adapters/index.js';
import { BackgroundWriter, targetWritePath, writeCompiledFiles, writePerfInfo } from '../artifacts/index.js';
import { ChatsemError, ChatsemErrors } from '../core/index.js';
import type { Manifest, ManifestNode, Project, ResourceType, Vars } from '../core/index.js';
import { ProjectCompiler } from '../compiler/index.js';
import { buildGraph, findCycles, selectNodes } from '../graph/index.js';
import type { ProjectGraph } from '../graph/index.js';
import { findProjectDir, loadProject, parseCliVars, resolveTarget, targetContext, describeTarget } from '../project/index.js';
import type { ResolvedTarget } from '../project/index.js';
import { builtinTestMacros } from '../testing/index.js';
import type { GlobalOptions, SelectionOptions } from './options.js';
import type { Output } from './render/output.js';
import { withStatementLog } from './statement-log.js';

export interface Session {
  project: Project;
  target: ResolvedTarget;
  vars: Vars;
  compiler: ProjectCompiler;
  manifest: Manifest;
  graph: ProjectGraph;
  invocationId: string;
  runStartedAt: Date;
  targetDir: string;
  timings: Record<string, number>;
  /** Opened on first use, closed by `close()`. */
  adapter(): Promise<Adapter>;
  /** Write target/compiled/… for these nodes (those with compile-time SQL). */
  writeCompiled(ids: Iterable<string>): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  global: GlobalOptions;
  threads?: number;
  empty?: boolean;
  /** Write target/manifest.json, perf_info.json and compiled files (every command but `ls` and `debug` does). */
  writeArtifacts?: boolean;
  /** Use this open warehouse (kept open by the caller) instead of opening the target's on first use. */
  adapter?: Adapter;
}

export function resolveProjectDir(global: GlobalOptions): string {
  if (global.projectDir) return resolve(global.projectDir);
  const found = findProjectDir(process.cwd());
  if (!found) {
    throw new ChatsemError(`No project.yaml or dbt_project.yml found in ${process.cwd()} or any parent directory`, {
      hint: 'Run chatsem inside a project, or pass --project-dir <dir>.',
    });
  }
  return found;
}

export async function openSession(out: Output, options: OpenOptions): Promise<Session> {
  const started = performance.now();
  const projectDir = resolveProjectDir(options.global);
  // Started first so the thread is up by the time there is something to write.
  const writer = options.writeArtifacts !== false ? new BackgroundWriter() : null;
  try {
    return await openWithWriter(out, options, projectDir, started, writer);
  } catch (error) {
    await writer?.close().catch(() => {});
    throw error;
  }
}

async function openWithWriter(out: Output, options: OpenOptions, projectDir: string, started: number, writer: BackgroundWriter | null): Promise<Session> {
  // The writer thread reads the SQL files while this one parses the properties files.
  const project = await loadProject(projectDir, writer ? { readTexts: (files) => writer.readTexts(files) } : {});
  out.setLogFile(join(project.config.root, project.config.paths.logPath, 'chatsem.log'));
  const readElapsed = performance.now() - started;
  const targetDir = join(project.config.root, project.config.paths.targetPath);
  // The writer thread reads the compiled files of the last run while this one compiles (see readAhead).
  writer?.readAhead(join(targetDir, 'compiled'));

  const vars = { ...parseCliVars(options.global.vars) };
  const target = resolveTarget({
    projectDir,
    profileName: project.config.profile,
    target: options.global.target,
    profilesDir: options.global.profilesDir,
    env: process.env,
    homeDir: homedir(),
    threads: options.threads,
  });
  const invocationId = randomUUID();
  const runStartedAt = new Date();
  const compiler = new ProjectCompiler(project, {
    vars,
    target: targetContext(target),
    env: target.env,
    invocationId,
    runStartedAt,
    empty: options.empty ?? false,
    builtinMacros: [...builtinTestMacros],
    log: (message, info) => (info ? out.line(message) : out.log(message)),
  });
  const compiled = compiler.compile();
  if (compiled.errors.length > 0) throw new ChatsemErrors(compiled.errors);
  const graphStart = performance.now();
  const graph = buildGraph(compiled.manifest);
  const cycles = findCycles(graph);
  if (cycles.length > 0) throw new ChatsemErrors(cycles);
  const graphElapsed = performance.now() - graphStart;

  const ms = (key: string): number | undefined => (typeof compiled.timings[key] === 'number' ? compiled.timings[key]! / 1000 : undefined);
  const timings: Record<string, number> = {
    read_files_elapsed: readElapsed / 1000,
    load_macros_elapsed: ms('macros') ?? 0,
    parse_project_elapsed: ms('parse') ?? 0,
    compile_elapsed: ms('total') ?? 0,
    graph_elapsed: graphElapsed / 1000,
  };
  // Like dbt, compiled files are written for the nodes a command selects (writeCompiled), not for the whole
  // project: on a 10,000-model project that is tens of thousands of files a one-model run does not need.
  for (const node of Object.values(compiled.manifest.nodes)) {
    if (node.compiled_code !== null) node.compiled_path = compiledPathOf(project.config.name, node);
  }
  timings.load_all_elapsed = (performance.now() - started) / 1000;
  // manifest.json and perf_info.json are written at the first writeCompiled() or at close(), whichever comes
  // first: the compiled files are then already queued on the writer thread, which writes them while this thread
  // serialises the manifest (the two largest costs of a compile, on two cores instead of one after the other).
  let artifactsWritten = writer === null;
  const writeArtifacts = (): void => {
    if (artifactsWritten) return;
    artifactsWritten = true;
    const writeStart = performance.now();
    writer!.writeManifest(targetDir, compiled.manifest);
    timings.write_artifacts_elapsed = (performance.now() - writeStart) / 1000;
    writePerfInfo(targetDir, {
      ...timings,
      path_count: project.files.length,
      load_all_elapsed: timings.load_all_elapsed! + timings.write_artifacts_elapsed,
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    });
  };

  const logged = (adapter: Adapter): Adapter => withStatementLog(adapter, (message) => out.log(message));
  let adapterPromise: Promise<Adapter> | null = options.adapter ? Promise.resolve(logged(options.adapter)) : null;
  const ownsAdapter = !options.adapter;
  return {
    project,
    target,
    vars,
    compiler,
    manifest: compiled.manifest,
    graph,
    invocationId,
    runStartedAt,
    targetDir,
    timings,
    writeCompiled(ids) {
      const nodes = [...ids].map((id) => compiled.manifest.nodes[id]).filter((n): n is ManifestNode => n !== undefined);
      // Nodes rendered again at run time may have their file rewritten right after this call: written here, in
      // order, rather than on the writer thread, which could otherwise land after the rewrite.
      writeCompiledFiles(targetDir, project.config.name, nodes.filter((node) => node.renders_at_runtime || !writer));
      writer?.writeCompiledFiles(targetDir, project.config.name, nodes.filter((node) => !node.renders_at_runtime));
      writeArtifacts();
    },
    adapter() {
      adapterPromise ??= (async () => {
        if (target.isDefault) out.line(`No profile configured: using the embedded PGlite warehouse in ${describeTarget(target)}`);
        // Loaded on first use: pg and PGlite cost a noticeable part of a `compile`'s start-up, which never needs them.
        const { createAdapter } = await import('../adapters/index.js');
        return logged(await createAdapter(adapterConfig(target, options.threads)));
      })();
      return adapterPromise;
    },
    async close() {
      try {
        writeArtifacts();
        await writer?.close();
      } finally {
        if (adapterPromise && ownsAdapter) await (await adapterPromise).close();
      }
    },
  };
}

export function adapterConfig(target: ResolvedTarget, threads?: number): AdapterConfig {
  if (target.type === 'pglite') return { type: 'pglite', path: target.pglite!.path, schema: target.schema };
  return { type: 'postgres', ...target.postgres!, schema: target.schema, threads: threads ?? target.threads };
}

export function select(session: Session, selection: SelectionOptions, defaults: { resourceTypes: ResourceType[] | 'all' }): string[] {
  const resourceTypes = selection.resourceType.length > 0 ? (selection.resourceType as ResourceType[]) : defaults.resourceTypes;
  const ids = selectNodes(session.manifest, session.graph, {
    select: selection.select,
    exclude: selection.exclude,
    resourceTypes,
    indirectSelection: selection.indirectSelection,
  });
  return session.graph.topologicalOrder([...ids]);
}

/** `target/compiled/<package>/<path>` relative to the project root, as dbt records `compiled_path`. */
function compiledPathOf(projectName: string, node: ManifestNode): string {
  return ['target', 'compiled', node.package_name || projectName, targetWritePath(node)].join('/');
}
