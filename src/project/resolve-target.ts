import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../core/index.js';
import { parseDatabaseUrl } from './database-url.js';
import { loadDotEnv } from './dot-env.js';
import { DEFAULT_PGLITE_PATH, readProfileTarget } from './profiles-file.js';
import type { Env } from './render-env-vars.js';
import type { ResolvedTarget } from './resolved-target.js';

export interface ResolveTargetOptions {
  projectDir: string;
  /** `profile:` of the project file. */
  profileName: string | null;
  /** --target / -t */
  target?: string;
  /** --profiles-dir */
  profilesDir?: string;
  env: Env;
  homeDir: string;
  /** --threads: overrides the profile's value. */
  threads?: number;
}

const DATABASE_URL_THREADS = 4;

/**
 * Decides where the project runs, without connecting: profiles.yml (first found of --profiles-dir,
 * CHATSEM_PROFILES_DIR, the project directory, ~/.chatsem/), else DATABASE_URL, else an embedded PGlite warehouse.
 */
export function resolveTarget(options: ResolveTargetOptions): ResolvedTarget {
  const projectDir = resolve(options.projectDir);
  const env = loadDotEnv(projectDir, options.env);
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
    throw new ConfigError(`--threads must be a whole number of at least 1, not ${String(options.threads)}`);
  }
  const profilesPath = findProfiles(options, env, projectDir);
  let searched = profilesPath;
  if (profilesPath) {
    const lookup = readProfileTarget({
      path: profilesPath, text: readFileSync(profilesPath, 'utf8'), profileName: options.profileName, target: options.target, env, projectDir,
    });
    if ('found' in lookup) {
      const found = lookup.found;
      return {
        name: found.name, profileName: found.profileName, type: found.type, schema: found.schema,
        threads: options.threads ?? found.threads ?? 1, isDefault: false, source: 'profiles.yml', profilesPath,
        ...(found.postgres ? { postgres: found.postgres } : {}), ...(found.pglite ? { pglite: found.pglite } : {}), env,
      };
    }
    if (!env.DATABASE_URL) {
      throw new ConfigError(
        options.profileName ? `profile \`${options.profileName}\` is not in ${profilesPath}` : `${profilesPath} defines no profile`,
        { file: profilesPath, line: lookup.line },
        `Available profiles: ${lookup.missing.join(', ') || '(none)'}. Fix \`profile:\` in the project file or add the profile.`,
      );
    }
    searched = null;
  }
  if (env.DATABASE_URL) {
    const { postgres, schema } = parseDatabaseUrl(env.DATABASE_URL);
    return {
      name: options.target ?? 'dev', profileName: options.profileName, type: 'postgres', schema,
      threads: options.threads ?? DATABASE_URL_THREADS, isDefault: false, source: 'DATABASE_URL', profilesPath: searched, postgres, env,
    };
  }
  if (options.target !== undefined) {
    // Running `-t prod` against a local embedded database by accident would be worse than failing.
    throw new ConfigError(
      `--target ${options.target} was given but no profiles.yml was found`,
      undefined,
      `Looked in: ${candidateDirs(options, env, projectDir).join(', ')}. Create profiles.yml there, or set DATABASE_URL.`,
    );
  }
  return {
    name: 'dev', profileName: options.profileName, type: 'pglite', schema: 'public', threads: options.threads ?? 1,
    isDefault: true, source: 'default', profilesPath: null, pglite: { path: join(projectDir, DEFAULT_PGLITE_PATH) }, env,
  };
}

function candidateDirs(options: ResolveTargetOptions, env: Env, projectDir: string): string[] {
  return [options.profilesDir, env.CHATSEM_PROFILES_DIR, projectDir, join(options.homeDir, '.chatsem')]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => resolve(projectDir, dir));
}

function findProfiles(options: ResolveTargetOptions, env: Env, projectDir: string): string | null {
  // A directory the user named explicitly must hold the file: silently falling through would connect elsewhere.
  for (const [dir, origin] of [[options.profilesDir, '--profiles-dir'], [env.CHATSEM_PROFILES_DIR, 'CHATSEM_PROFILES_DIR']] as const) {
    if (!dir) continue;
    const path = join(resolve(projectDir, dir), 'profiles.yml');
    if (!existsSync(path)) throw new ConfigError(`no profiles.yml in ${resolve(projectDir, dir)} (given by ${origin})`, undefined, `Create ${path} or fix ${origin}.`);
    return path;
  }
  for (const dir of [projectDir, join(options.homeDir, '.chatsem')]) {
    const path = join(dir, 'profiles.yml');
    if (existsSync(path)) return path;
  }
  return null;
}
