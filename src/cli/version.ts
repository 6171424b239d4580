import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in chatsem's own package.json (dist/cli/version.js → ../../package.json). */
export function chatsemVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
