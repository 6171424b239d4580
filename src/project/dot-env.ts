import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { Env } from './render-env-vars.js';

/**
 * `env` merged with `<dir>/.env` when that file exists. Variables already set win, as with dotenv, so a CI
 * secret is never shadowed by a developer's file. Returns a new object: process.env is never modified.
 */
export function loadDotEnv(dir: string, env: Env): Env {
  const path = join(dir, '.env');
  if (!existsSync(path)) return { ...env };
  const fromFile = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const merged: Env = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}
