/**
 * Renders a built-in test macro through the real compiler (ProjectCompiler.callMacro), the way a generic test
 * node is compiled: macro `test_<name>` called with `model`, `column_name` and the arguments. Test-only.
 */
import { ProjectCompiler } from '../../compiler/index.js';
import type { ManifestNode, Project } from '../../core/index.js';
import { builtinTestMacros } from '../index.js';

const emptyTree = { config: {}, children: {} };

/** The smallest valid project: no files, so only the built-in macros exist. */
const project: Project = {
  config: {
    name: 'macros',
    version: '1.0',
    profile: null,
    root: '/nonexistent',
    projectFile: 'dbt_project.yml',
    paths: {
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      macroPaths: ['macros'],
      testPaths: ['tests'],
      analysisPaths: ['analyses'],
      snapshotPaths: ['snapshots'],
      targetPath: 'target',
      logPath: 'logs',
      cleanTargets: ['target'],
    },
    vars: {},
    onRunStart: [],
    onRunEnd: [],
    models: emptyTree,
    seeds: emptyTree,
    snapshots: emptyTree,
    tests: emptyTree,
    sources: emptyTree,
    loads: null,
    raw: {},
  },
  files: [],
  properties: [],
};

const compiler = new ProjectCompiler(project, {
  vars: {},
  target: { name: 'dev', schema: 'public', type: 'postgres', threads: 1 },
  env: {},
  invocationId: '00000000-0000-4000-8000-000000000000',
  runStartedAt: new Date(),
  builtinMacros: [...builtinTestMacros],
});
const { errors } = compiler.compile();
if (errors.length) throw new Error(`built-in test macros do not compile: ${errors.map((e) => e.message).join('; ')}`);

/** `node`: the test node, whose config the macro may read (not_null selects `*` when failures are stored). */
export function renderTestMacro(name: string, args: Record<string, unknown>, node: ManifestNode | null = null): string {
  return compiler.callMacro(`test_${name}`, args, node).trim();
}
