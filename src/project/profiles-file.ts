import { isAbsolute, resolve } from 'node:path';
import { ChatsemErrors, ConfigError } from '../core/index.js';
import { renderYamlTree, type Env } from './render-env-vars.js';
import type { PostgresTargetConfig } from './resolved-target.js';
import { YamlFile, type YamlEntry } from './yaml-file.js';

const POSTGRES_KEYS = [
  'type', 'host', 'port', 'user', 'password', 'pass', 'dbname', 'database', 'schema', 'threads', 'sslmode',
  'connect_timeout', 'search_path', 'keepalives_idle', 'application_name', 'role', 'retries',
];
const PGLITE_KEYS = ['type', 'path', 'schema', 'threads'];
const UNSUPPORTED_HINTS: Record<string, string> = {
  sslcert: 'Client certificates are not supported yet; use sslmode with a server certificate, or password authentication.',
  sslkey: 'Client certificates are not supported yet; use sslmode with a server certificate, or password authentication.',
  sslrootcert: 'Custom root certificates are not supported yet.',
};
export const DEFAULT_PGLITE_PATH = '.chatsem/warehouse';

export interface ProfileTarget {
  profileName: string;
  name: string;
  type: 'postgres' | 'pglite';
  schema: string;
  threads: number | null;
  postgres?: PostgresTargetConfig;
  pglite?: { path: string };
}

export type ProfileLookup = { found: ProfileTarget } | { missing: string[]; line: number | undefined };

/**
 * Finds `profileName` (or the only profile, when the project names none) in a profiles.yml and resolves its
 * target. Returns `missing` when the profile is not there so the caller can fall back to DATABASE_URL.
 */
export function readProfileTarget(options: {
  path: string; text: string; profileName: string | null; target?: string; env: Env; projectDir: string;
}): ProfileLookup {
  const errors: ConfigError[] = [];
  const file = new YamlFile(options.path, options.text, errors);
  const root = file.root;
  const entries = (file.isNull(root) ? [] : file.entries(root, options.path)) ?? [];
  if (errors.length > 0) throw new ChatsemErrors(errors);
  // `config:` is dbt's legacy home for global flags, not a profile.
  const profiles = entries.filter((entry) => entry.key !== 'config');
  const names = profiles.map((entry) => entry.key);
  let profile: YamlEntry | undefined;
  if (options.profileName === null) {
    if (profiles.length > 1) {
      throw new ConfigError(
        `${options.path} has several profiles (${names.join(', ')}) and the project names none`,
        file.location(root),
        'Add `profile: <name>` to project.yaml (or dbt_project.yml).',
      );
    }
    profile = profiles[0];
  } else profile = profiles.find((entry) => entry.key === options.profileName);
  if (!profile) return { missing: names, line: file.line(root) };
  const target = readProfile(file, profile, { ...options, profileName: profile.key });
  if (errors.length > 0 || !target) throw new ChatsemErrors(errors);
  return { found: target };
}

function readProfile(file: YamlFile, profile: YamlEntry, options: { target?: string; projectDir: string; env: Env; profileName: string }): ProfileTarget | null {
  const what = `profile \`${profile.key}\``;
  const entries = file.entries(profile.value, what, profile.keyNode);
  if (!entries) return null;
  file.checkKeys(entries, ['target', 'outputs'], what);
  const defaultTarget = entries.find((entry) => entry.key === 'target');
  const outputsEntry = entries.find((entry) => entry.key === 'outputs');
  if (!outputsEntry) {
    file.fail(profile.keyNode, `${what} has no \`outputs:\``, 'Add outputs: {dev: {type: postgres, host: …}} (or type: pglite).');
    return null;
  }
  const outputs = file.entries(outputsEntry.value, `\`outputs\` of ${what}`, outputsEntry.keyNode);
  if (!outputs) return null;
  const available = outputs.map((entry) => entry.key);
  let name = options.target ?? null;
  if (name === null && defaultTarget) {
    // Only what is used gets rendered: a missing prod password must not break a dev run.
    renderYamlTree(file, defaultTarget.value, `${profile.key}.target`, options.env);
    name = file.text(defaultTarget.value, `\`target\` of ${what}`, defaultTarget.keyNode);
  }
  if (name === null && !defaultTarget && outputs.length === 1) name = available[0]!;
  if (name === null) {
    if (!defaultTarget) file.fail(profile.keyNode, `${what} has no \`target:\` and several outputs (${available.join(', ')})`, 'Add `target: <name>` to the profile, or pass --target.');
    return null;
  }
  const output = outputs.find((entry) => entry.key === name);
  if (!output) {
    const from = options.target !== undefined ? `--target ${name}` : `\`target: ${name}\``;
    file.fail(options.target !== undefined ? outputsEntry.keyNode : defaultTarget?.value, `${from}: ${what} has no output \`${name}\``, `Available targets: ${available.join(', ') || '(none)'}.`);
    return null;
  }
  const errorCount = file.errors.length;
  renderYamlTree(file, output.value, `${profile.key}.outputs.${name}`, options.env);
  if (file.errors.length > errorCount) return null;
  return readOutput(file, output, profile.key, name, options.projectDir);
}

function readOutput(file: YamlFile, output: YamlEntry, profileName: string, name: string, projectDir: string): ProfileTarget | null {
  const what = `output \`${name}\` of profile \`${profileName}\``;
  const entries = file.entries(output.value, what, output.keyNode);
  if (!entries) return null;
  const get = (key: string) => entries.find((entry) => entry.key === key);
  const typeEntry = get('type');
  const type = typeEntry ? file.string(typeEntry.value, `\`type\` of ${what}`, typeEntry.keyNode) : null;
  if (!typeEntry) file.fail(output.keyNode, `${what} has no \`type:\``, 'Use type: postgres or type: pglite.');
  if (type === null) return null;
  if (type !== 'postgres' && type !== 'pglite') {
    file.fail(typeEntry!.value, `${what} has type \`${type}\`, which chatsem does not support`, 'Use type: postgres (PostgreSQL server) or type: pglite (embedded).');
    return null;
  }
  file.checkKeys(entries, type === 'postgres' ? POSTGRES_KEYS : PGLITE_KEYS, what, UNSUPPORTED_HINTS);
  const text = (key: string): string | undefined => {
    const entry = get(key);
    return entry && !file.isNull(entry.value) ? (file.text(entry.value, `\`${key}\` of ${what}`, entry.keyNode) ?? undefined) : undefined;
  };
  const integer = (key: string): number | undefined => {
    const entry = get(key);
    return entry && !file.isNull(entry.value) ? (file.integer(entry.value, `\`${key}\` of ${what}`, entry.keyNode) ?? undefined) : undefined;
  };
  const threads = integer('threads');
  if (threads === 0) file.fail(get('threads')!.value, `\`threads\` of ${what} must be at least 1`);
  const result: ProfileTarget = { profileName, name, type, schema: text('schema') ?? 'public', threads: threads ?? null };
  if (type === 'pglite') {
    const path = text('path') ?? DEFAULT_PGLITE_PATH;
    result.pglite = { path: path.startsWith('memory://') || isAbsolute(path) ? path : resolve(projectDir, path) };
    return result;
  }
  const required = (key: string, value: string | undefined, hint: string): string => {
    if (value === undefined) file.fail(output.keyNode, `${what} has no \`${key}:\``, hint);
    return value ?? '';
  };
  if (!get('schema')) file.fail(output.keyNode, `${what} has no \`schema:\``, 'Add the schema models are built in, e.g. schema: analytics.');
  const postgres: PostgresTargetConfig = {
    host: required('host', text('host'), 'Add host: localhost (or your server).'),
    port: integer('port') ?? 5432,
    user: required('user', text('user'), 'Add user: <database user>.'),
    database: required('dbname', text('dbname') ?? text('database'), 'Add dbname: <database name>.'),
  };
  const password = text('password') ?? text('pass');
  if (password !== undefined) postgres.password = password;
  assignDefined(postgres, {
    sslmode: text('sslmode'), connectTimeout: integer('connect_timeout'), searchPath: text('search_path'),
    applicationName: text('application_name'), role: text('role'), keepalivesIdle: integer('keepalives_idle'),
  });
  integer('retries');
  result.postgres = postgres;
  return result;
}

function assignDefined(target: PostgresTargetConfig, values: Partial<PostgresTargetConfig>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as unknown as Record<string, unknown>)[key] = value;
}
