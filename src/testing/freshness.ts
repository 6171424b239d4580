/**
 * `chatsem source freshness`: the age of the newest `loaded_at_field` value against `warn_after`/`error_after`,
 * shaped like an entry of dbt's sources.json.
 */
import type { Adapter } from '../adapters/index.js';
import type { FreshnessThreshold, SourceDefinition } from '../core/index.js';
import { ChatsemError, DatabaseError } from '../core/index.js';
import { checkSourceRelation } from './source-check.js';

export interface FreshnessCriteria {
  warn_after: { count: number | null; period: string | null };
  error_after: { count: number | null; period: string | null };
  filter: string | null;
}

export interface FreshnessOutcome {
  unique_id: string;
  status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** ISO-8601 UTC; null when the check could not run or found no rows. */
  max_loaded_at: string | null;
  snapshotted_at: string | null;
  max_loaded_at_time_ago_in_s: number | null;
  criteria: FreshnessCriteria;
  /** Empty for pass; what is stale by how much, or why the check could not run. */
  message: string;
  executedSql: string | null;
  error?: ChatsemError;
}

const SECONDS: Record<FreshnessThreshold['period'], number> = { minute: 60, hour: 3600, day: 86400 };

function thresholdSeconds(t: FreshnessThreshold | null): number | null {
  return t ? t.count * SECONDS[t.period] : null;
}

function criteriaOf(source: SourceDefinition): FreshnessCriteria {
  const rule = source.freshness;
  const plain = (t: FreshnessThreshold | null | undefined) => ({ count: t?.count ?? null, period: t?.period ?? null });
  return { warn_after: plain(rule?.warnAfter), error_after: plain(rule?.errorAfter), filter: rule?.filter ?? null };
}

function describeAge(seconds: number): string {
  if (seconds >= 86400) return `${(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} hours`;
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} minutes`;
  return `${Math.round(seconds)} seconds`;
}

export async function checkFreshness(adapter: Adapter, source: SourceDefinition): Promise<FreshnessOutcome> {
  const criteria = criteriaOf(source);
  const label = `source ${source.source_name}.${source.name}`;
  const failed = (error: ChatsemError, executedSql: string | null = null): FreshnessOutcome => ({
    unique_id: source.unique_id,
    status: 'runtime error',
    max_loaded_at: null,
    snapshotted_at: null,
    max_loaded_at_time_ago_in_s: null,
    criteria,
    message: error.message,
    executedSql,
    error,
  });
  if (!source.loaded_at_field) {
    return failed(new ChatsemError(`${label} has freshness rules but no loaded_at_field`, {
      location: source.location,
      exitCode: 1,
      hint: 'Set loaded_at_field: to the column holding the load time (e.g. loaded_at_field: _loaded_at).',
    }));
  }
  const missing = await checkSourceRelation(adapter, source, [], 'source freshness');
  if (missing) return failed(missing);

  // Epoch arithmetic treats a naive timestamp as UTC (dbt's convention) and a timestamptz as its real instant,
  // independent of the session TimeZone.
  const sql = [
    'select',
    `    extract(epoch from max(${source.loaded_at_field}))::float8 as max_epoch,`,
    '    extract(epoch from current_timestamp)::float8 as now_epoch',
    `from ${source.relation_name}`,
    ...(criteria.filter ? [`where ${criteria.filter}`] : []),
  ].join('\n');
  let row: { max_epoch: unknown; now_epoch: unknown };
  try {
    row = (await adapter.query<{ max_epoch: unknown; now_epoch: unknown }>(sql)).rows[0]!;
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    return failed(new ChatsemError(`freshness query of ${label} failed: ${error.message}`, {
      location: source.location,
      exitCode: 1,
      hint: `loaded_at_field (${source.loaded_at_field}) must be a timestamp or date column or expression.`,
      cause: error,
    }), sql);
  }
  const now = Number(row.now_epoch);
  const snapshotted_at = new Date(now * 1000).toISOString();
  if (row.max_epoch === null) {
    // dbt reports a null max(loaded_at_field) as a runtime error rather than guessing an age.
    return {
      ...failed(new ChatsemError(`${label}: ${source.loaded_at_field} is null in every row${criteria.filter ? ' matching the filter' : ''} of ${source.relation_name} — is the table empty?`, {
        location: source.location,
        exitCode: 1,
      }), sql),
      snapshotted_at,
    };
  }
  const maxEpoch = Number(row.max_epoch);
  const age = now - maxEpoch;
  const errorAfter = thresholdSeconds(source.freshness?.errorAfter ?? null);
  const warnAfter = thresholdSeconds(source.freshness?.warnAfter ?? null);
  const status = errorAfter !== null && age > errorAfter ? 'error' : warnAfter !== null && age > warnAfter ? 'warn' : 'pass';
  const limit = status === 'error' ? criteria.error_after : criteria.warn_after;
  return {
    unique_id: source.unique_id,
    status,
    max_loaded_at: new Date(maxEpoch * 1000).toISOString(),
    snapshotted_at,
    max_loaded_at_time_ago_in_s: age,
    criteria,
    message: status === 'pass' ? '' : `newest ${source.loaded_at_field} is ${describeAge(age)} old (${status} after ${limit.count} ${limit.period}${limit.count === 1 ? '' : 's'})`,
    executedSql: sql,
  };
}
