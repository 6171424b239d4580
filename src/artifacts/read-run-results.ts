import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatsemError } from '../core/index.js';
import type { PreviousRun, RunResultsArtifact, RunStatus } from './types.js';

/** dbt retry's retryable statuses: what failed, what was skipped because of it, and half-done work. */
const RETRYABLE: ReadonlySet<RunStatus> = new Set<RunStatus>(['error', 'fail', 'skipped', 'runtime error', 'partial success']);

/**
 * Reads `target/run_results.json` for `chatsem retry`. Null when there is none (nothing has run in this target);
 * a file that is not a run-results artifact is a user-facing error naming it.
 */
export function readRunResults(targetDir: string): PreviousRun | null {
  const path = join(targetDir, 'run_results.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ChatsemError(`Could not read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let artifact: RunResultsArtifact;
  try {
    artifact = JSON.parse(text) as RunResultsArtifact;
  } catch (error) {
    throw unreadable(path, `it is not valid JSON (${(error as Error).message})`);
  }
  if (!artifact || typeof artifact !== 'object' || !Array.isArray(artifact.results)) {
    throw unreadable(path, 'it has no "results" list');
  }
  const retryIds = artifact.results
    .filter((result) => result && typeof result.unique_id === 'string' && RETRYABLE.has(result.status))
    .map((result) => result.unique_id);
  const which = artifact.args?.which ?? artifact.args?.command;
  return { path, artifact, command: typeof which === 'string' ? which : null, retryIds };
}

function unreadable(path: string, why: string): ChatsemError {
  return new ChatsemError(`${path} cannot be used to retry: ${why}`, {
    location: { file: path },
    hint: 'Delete it and run the command again (chatsem run/build/test/seed writes a fresh one).',
  });
}
