import { resolve, sep } from 'node:path';
import { ChatsemErrors, ConfigError, type Project, type ProjectFile, type PropertiesFile } from '../core/index.js';
import { loadDotEnv } from './dot-env.js';
import { readProjectConfig } from './project-file.js';
import { readPropertiesFile } from './properties-file.js';
import type { Env } from './render-env-vars.js';
import { listProjectFiles, readProjectFile, type ProjectFileEntry } from './scan-project-files.js';

/** Reads UTF-8 files (absolute paths) elsewhere — another thread — with the sha256 of each text, in order. */
export type TextFileReader = (files: string[]) => Promise<{ contents: string[]; checksums: string[] }>;

export interface LoadProjectOptions {
  /** Environment for env_var() in the project file; default: process.env plus the project's .env. */
  env?: Env;
  /**
   * Reads the SQL files while this thread reads and parses the properties files (the project is the same as
   * without it; on any failure the files are read again here, which reports the error as usual).
   */
  readTexts?: TextFileReader;
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
  const entries = listProjectFiles(root, config.paths, errors);
  const read = (options.readTexts && (await readAlongside(root, entries, options.readTexts))) || readHere(root, entries);
  errors.push(...read.errors);
  if (errors.length > 0) throw new ChatsemErrors(errors);
  return { config, files: read.files, properties: read.properties };
}

interface ReadFiles {
  files: ProjectFile[];
  properties: PropertiesFile[];
  errors: ConfigError[];
}

function readHere(root: string, entries: ProjectFileEntry[]): ReadFiles {
  const files = entries.map((entry) => readProjectFile(root, entry));
  const errors: ConfigError[] = [];
  const properties = files.filter((file) => file.kind === 'properties').map((file) => readPropertiesFile(file.path, file.contents, errors));
  return { files, properties, errors };
}

/** readHere, with the SQL files read by `readTexts` while the properties files are parsed; null on any failure. */
async function readAlongside(root: string, entries: ProjectFileEntry[], readTexts: TextFileReader): Promise<ReadFiles | null> {
  const away = entries.filter((entry) => entry.kind !== 'properties' && entry.kind !== 'seed');
  const pending = readTexts(away.map((entry) => `${root}${sep}${entry.path}`));
  // Settled here so that an early return below leaves no unhandled rejection behind.
  const texts = pending.then((value) => value, () => null);
  const here = new Map<ProjectFileEntry, ProjectFile>();
  const errors: ConfigError[] = [];
  const properties: PropertiesFile[] = [];
  try {
    for (const entry of entries) {
      if (entry.kind !== 'properties' && entry.kind !== 'seed') continue;
      const file = readProjectFile(root, entry);
      here.set(entry, file);
      if (file.kind === 'properties') properties.push(readPropertiesFile(file.path, file.contents, errors));
    }
  } catch {
    await texts;
    return null;
  }
  const read = await texts;
  if (read === null || read.contents.length !== away.length) return null;
  const files: ProjectFile[] = [];
  let next = 0;
  for (const entry of entries) {
    const file = here.get(entry);
    if (file) files.push(file);
    else {
      files.push({ ...entry, contents: read.contents[next]!, checksum: read.checksums[next]! });
      next++;
    }
  }
  return { files, properties, errors };
}
