/**
 * The compiler: renders a Project's templated SQL with nunjucks (bridged to behave like dbt's Jinja) into a
 * Manifest — models, seeds, snapshots, analyses, singular/generic/unit tests, sources and macros — and renders
 * nodes, hooks and macros again at run time against the warehouse through a RuntimeContext.
 */
export { ProjectCompiler } from './project-compiler.js';
export type { CompileResult } from './project-compiler.js';
export type { CompileOptions, RuntimeContext, RuntimeQueryResult } from './compile-options.js';
export { syntheticTestNames, testHash } from './generic-test-names.js';
export { generateBenchProject } from './bench-project.js';
