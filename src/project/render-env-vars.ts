import nunjucks from 'nunjucks';
import { isYMap, isYScalar, isYSeq, type YNode } from './yaml-nodes.js';
import { ConfigError, type SourceLocation } from '../core/index.js';
import type { YamlFile } from './yaml-file.js';

/**
 * dbt renders dbt_project.yml and profiles.yml with Jinja before reading them. Only `env_var()` (and dbt's
 * type-cast filters) make sense that early; `var()` is refused with a message saying where vars do work.
 */
const environment = new nunjucks.Environment(null, { autoescape: false });
environment.addFilter('as_number', (value: unknown) => Number(value));
environment.addFilter('as_bool', (value: unknown) => value === true || String(value).toLowerCase() === 'true');
environment.addFilter('as_text', (value: unknown) => String(value));
environment.addFilter('as_native', (value: unknown) => value);

export type Env = Record<string, string | undefined>;

class RenderProblem extends Error {}

/** Renders `text` when it contains Jinja; on failure returns null and records a ConfigError naming file, line and key. */
export function renderEnvVars(text: string, env: Env, location: SourceLocation, key: string, errors: ConfigError[]): string | null {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  let problem: ConfigError | null = null;
  const context = {
    env_var: (name: unknown, fallback?: unknown) => {
      const value = env[String(name)];
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      problem = new ConfigError(
        `environment variable ${String(name)} is not set (used by \`${key}\`)`,
        location,
        `Set it (export ${String(name)}=… or add it to .env in the project directory), or give a default: env_var('${String(name)}', 'value').`,
      );
      throw new RenderProblem();
    },
    var: (name: unknown) => {
      problem = new ConfigError(
        `var('${String(name)}') cannot be used in \`${key}\`: this value is read before vars are known`,
        location,
        'Only env_var() works here. var() works in models, hooks, config values and loads.schema.',
      );
      throw new RenderProblem();
    },
  };
  try {
    return environment.renderString(text, context);
  } catch (error) {
    errors.push(
      problem ??
        new ConfigError(`cannot render \`${key}\`: ${firstLine(error)}`, location, "Only {{ env_var('NAME') }} or {{ env_var('NAME', 'default') }} is supported here."),
    );
    return null;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(unknown path\)\s*/, '').replace(/\s+/g, ' ').trim();
}

/**
 * Renders env_var() in every string below `node`, in place, so later type checks see the final values.
 * `keep(keyPath)` names subtrees left raw (templates the compiler renders later).
 */
export function renderYamlTree(file: YamlFile, node: YNode | null, keyPath: string, env: Env, keep: (keyPath: string) => boolean = () => false): void {
  if (keep(keyPath)) return;
  if (isYScalar(node)) {
    if (typeof node.value !== 'string') return;
    const rendered = renderEnvVars(node.value, env, file.location(node), keyPath, file.errors);
    if (rendered !== null) node.value = rendered;
  } else if (isYSeq(node)) {
    for (const item of node.items) renderYamlTree(file, item, keyPath, env, keep);
  } else if (isYMap(node)) {
    for (const pair of node.pairs) {
      const key = isYScalar(pair.key) ? String(pair.key.value) : '?';
      renderYamlTree(file, pair.value, keyPath ? `${keyPath}.${key}` : key, env, keep);
    }
  }
}
