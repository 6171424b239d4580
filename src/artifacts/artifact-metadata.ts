import { readFileSync } from 'node:fs';
import type { ArtifactMetadata } from './types.js';

export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export const SOURCES_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';

let version: string | undefined;

/** chatsem's version from its package.json (src/artifacts and dist/artifacts both sit two levels below it). */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** dbt's metadata block; `dbt_version` carries chatsem's version since the file is written by chatsem. */
export function artifactMetadata(
  schema: string,
  info: { invocationId: string; startedAt: Date; chatsemVersion?: string; generatedAt?: Date },
): ArtifactMetadata {
  return {
    dbt_schema_version: schema,
    dbt_version: info.chatsemVersion ?? packageVersion(),
    generated_at: (info.generatedAt ?? new Date()).toISOString(),
    invocation_id: info.invocationId,
    invocation_started_at: info.startedAt.toISOString(),
    env: {},
  };
}
