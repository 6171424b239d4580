import { resolve } from 'node:path';
import { ChatsemErrors, ConfigError, type Project } from '../core/index.js';
import { loadDotEnv } from './dot-env.js';
import { readProjectConfig } from './project-file.js';
import { readPropertiesFile } from './properties-file.js';
import type { Env } from './render-env-vars.js';
import { scanProjectFiles } from './scan-project-files.js';

export interface LoadProjectOptions {
  /** Environment for env_var() in the project file; default: process.env plus the project's .env. */
  env?: Env;
}

/**
 * Reads the project in `dir`: the project file, every resource file and every properties file, validated.
 * Throws ChatsemErrors holding every problem found (with file and line), never the first one only.
 */
export async function loadProject(dir: string, options: LoadProjectOptions = {}): Promise<Project> {
  const root = resolve(dir);
  const env = options.env ?? loadDotEnv(root, process.env);
  const config = readProjectConfig(root, env);
  const errors: ConfigError[] = [];
  const files = scanProjectFiles(root, config.paths, errors);
  const properties = files.filter((file) => file.kind === 'properties').map((file) => readPropertiesFile(file.path, file.contents, errors));
  if (errors.length > 0) throw new ChatsemErrors(errors);
  return { config, files, properties };
}
