/** Test helper: writes a small project to a temp dir, loads it with project/ and compiles it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Project } from '../../core/index.js';
import { loadProject } from '../../project/index.js';
import type { CompileOptions } from '../compile-options.js';
import { ProjectCompiler } from '../project-compiler.js';
import { GENERIC_TEST_MACROS } from './generic-test-macros.js';

export const RUN_STARTED_AT = new Date('2024-03-05T06:07:08.123Z');

export function fixtureOptions(overrides: Partial<CompileOptions> = {}): CompileOptions {
  return {
    vars: {},
    target: { name: 'dev', schema: 'analytics', type: 'postgres', threads: 1 },
    env: {},
    invocationId: '00000000-0000-4000-8000-000000000000',
    runStartedAt: RUN_STARTED_AT,
    builtinMacros: GENERIC_TEST_MACROS,
    ...overrides,
  };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}

export async function loadFixture(files: Record<string, string>, projectFile = 'name: fixture\nversion: "1.0"\n'): Promise<Project> {
  // Not test-support's makeTempDir: fixtures are checked by the layering test like source files.
  const dir = mkdtempSync(join(tmpdir(), 'chatsem-compiler-'));
  try {
    writeFiles(dir, { 'dbt_project.yml': projectFile, ...files });
    return await loadProject(dir, { env: {} });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function compileFixture(files: Record<string, string>, options: Partial<CompileOptions> = {}, projectFile?: string) {
  const project = await loadFixture(files, projectFile);
  const compiler = new ProjectCompiler(project, fixtureOptions(options));
  const result = compiler.compile();
  return { ...result, compiler, project };
}

/** Compiled SQL of one model of a fixture, failing loudly when the project had errors. */
export async function compileModel(sql: string, options: Partial<CompileOptions> = {}, extraFiles: Record<string, string> = {}): Promise<string> {
  const { manifest, errors } = await compileFixture({ 'models/m.sql': sql, ...extraFiles }, options);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.message}`).join('\n'));
  return manifest.nodes['model.fixture.m']!.compiled_code!;
}

/** A Project with no files, for rendering templates through a compiler without touching disk. */
export function emptyProject(name = 'fixture', vars: Record<string, unknown> = {}): Project {
  const tree = () => ({ config: {}, children: {} });
  return {
    config: {
      name,
      version: '1.0',
      profile: null,
      root: '/nonexistent',
      projectFile: 'dbt_project.yml',
      paths: {
        modelPaths: ['models'], seedPaths: ['seeds'], macroPaths: ['macros'], testPaths: ['tests'],
        analysisPaths: ['analyses'], snapshotPaths: ['snapshots'], targetPath: 'target', logPath: 'logs', cleanTargets: ['target'],
      },
      vars,
      onRunStart: [],
      onRunEnd: [],
      models: tree(),
      seeds: tree(),
      snapshots: tree(),
      tests: tree(),
      sources: tree(),
      loads: null,
      raw: {},
    },
    files: [],
    properties: [],
  };
}

/** A compiler over a project whose only files are `macros` (path → source), already compiled. */
export function templateCompiler(macros: Record<string, string> = {}, options: Partial<CompileOptions> = {}, vars: Record<string, unknown> = {}): ProjectCompiler {
  const project = emptyProject('fixture', vars);
  project.files = Object.entries(macros).map(([path, contents]) => ({
    kind: 'macro' as const, path, relativePath: path.replace(/^macros\//, ''), resourceRoot: 'macros', contents, checksum: '',
  }));
  const compiler = new ProjectCompiler(project, fixtureOptions(options));
  const { errors } = compiler.compile();
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  return compiler;
}
