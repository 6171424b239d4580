/**
 * project/: reads a chatsem (or plain dbt) project from disk — the project file, every model/seed/test/macro file
 * and the properties YAML, validated strictly with file and line in every error — plus `--vars` parsing and
 * target resolution from profiles.yml / DATABASE_URL / the embedded default (no connection is made here).
 * Nothing is rendered except env_var() in the project file and profiles.yml.
 */
export { loadProject, type LoadProjectOptions, type TextFileReader } from './load-project.js';
export { findProjectDir } from './find-project-dir.js';
export { readProjectConfig, projectFileIn, PROJECT_FILE_NAMES } from './project-file.js';
export { readPropertiesFile } from './properties-file.js';
export { CONFIG_KEYS, TEST_CONFIG_KEYS, isConfigKey, normalizeConfigKey } from './config-keys.js';
export { parseCliVars } from './cli-vars.js';
export { loadDotEnv } from './dot-env.js';
export { resolveTarget, type ResolveTargetOptions } from './resolve-target.js';
export { describeTarget, targetContext, type ResolvedTarget, type PostgresTargetConfig } from './resolved-target.js';
export { redactUrl } from './database-url.js';
export type { Env } from './render-env-vars.js';
export { yamlPackage } from './yaml-package.js';
