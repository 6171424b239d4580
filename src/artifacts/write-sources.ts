import { join } from 'node:path';
import { freshnessArtifact } from './manifest-entries.js';
import { SOURCES_SCHEMA, artifactMetadata } from './artifact-metadata.js';
import { redactText } from './redact.js';
import type { FreshnessCriteriaArtifact, SourceFreshnessResult, SourcesInput } from './types.js';
import { writeFileAtomic } from './write-file.js';

/** `target/sources.json` (dbt schema v3), written by `source freshness`. */
export function writeSources(targetDir: string, input: SourcesInput): Record<string, unknown> {
  const metadata = artifactMetadata(SOURCES_SCHEMA, input);
  const artifact = {
    metadata,
    results: input.results.map((result) => sourceEntry(result, metadata.generated_at)),
    elapsed_time: input.elapsedTime ?? (Date.parse(metadata.generated_at) - input.startedAt.getTime()) / 1000,
  };
  writeFileAtomic(join(targetDir, 'sources.json'), JSON.stringify(artifact));
  return artifact;
}

function sourceEntry(result: SourceFreshnessResult, generatedAt: string): Record<string, unknown> {
  // dbt writes a bare {unique_id, error, status} for a check that could not run.
  if (result.status === 'runtime error') {
    const error = result.error instanceof Error ? result.error.message : (result.error ?? result.message ?? 'unknown error');
    return { unique_id: result.unique_id, error: redactText(error || 'unknown error'), status: 'runtime error' };
  }
  return {
    unique_id: result.unique_id,
    max_loaded_at: iso(result.max_loaded_at ?? null),
    snapshotted_at: iso(result.snapshotted_at ?? generatedAt),
    max_loaded_at_time_ago_in_s: result.max_loaded_at_time_ago_in_s ?? null,
    status: result.status,
    criteria: criteriaArtifact(result.criteria),
    adapter_response: result.adapter_response ?? {},
    timing: result.timing ?? [],
    thread_id: result.thread_id ?? 'Thread-1',
    execution_time: result.execution_time ?? 0,
  };
}

function criteriaArtifact(criteria: SourceFreshnessResult['criteria']): FreshnessCriteriaArtifact {
  if (criteria && 'warn_after' in criteria) return criteria;
  return (freshnessArtifact(criteria) as FreshnessCriteriaArtifact | null) ?? {
    warn_after: { count: null, period: null },
    error_after: { count: null, period: null },
    filter: null,
  };
}

function iso(value: string | Date | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}
