/**
 * Everything chatsem writes to (and reads back from) the target directory, in dbt's artifact shapes: manifest.json,
 * perf_info.json, compiled/ and run/ SQL files, run_results.json with a history in runs/, and sources.json.
 * Secrets never reach these files. BackgroundWriter does the bulk writes (compiled files, manifest) on a worker
 * thread. Imports core, graph, and (types only) runner-shaped results declared in types.ts.
 */
export { writeManifest, manifestArtifact } from './write-manifest.js';
export { writePerfInfo } from './write-perf-info.js';
export { writeCompiledFiles, targetWritePath } from './compiled-files.js';
export { RunFileWriter } from './run-files.js';
export { BackgroundWriter } from './background-writer.js';
export type { CompiledFilesOptions } from './compiled-files.js';
export { RunResultsWriter, writeRunResults, runResultsArtifact, historyFileName, pruneHistory, DEFAULT_HISTORY_LIMIT } from './run-results-writer.js';
export { readRunResults } from './read-run-results.js';
export { writeSources } from './write-sources.js';
export { redactArgs, redactText, isSecretKey, REDACTED } from './redact.js';
export { MANIFEST_SCHEMA, RUN_RESULTS_SCHEMA, SOURCES_SCHEMA } from './artifact-metadata.js';
export type * from './types.js';
