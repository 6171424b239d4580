/**
 * The statements that write an incremental run's new rows (in a temp table) into the target. The target is
 * aliased `DBT_INTERNAL_DEST` and the new rows `DBT_INTERNAL_SOURCE`, as in dbt, so `incremental_predicates`
 * written for dbt work unchanged.
 */
import type { Relation } from '../core/index.js';
import type { IncrementalStrategy } from './materialization-config.js';
import { step, type Step } from './step.js';

const DEST = 'DBT_INTERNAL_DEST';
const SOURCE = 'DBT_INTERNAL_SOURCE';

export interface StrategyInput {
  strategy: IncrementalStrategy;
  target: Relation;
  /** The new rows, rendered: a temp table, or the model's SELECT as an aliased subquery (`replace` with a scope). */
  source: string;
  /** Quoted column names to insert. */
  columns: string[];
  /** Quoted key columns (delete+insert, merge). */
  uniqueKey: string[];
  /** Quoted partition column and the relation listing the affected values (replace). */
  partitionKey: string | null;
  partitionScope: string | null;
  predicates: string[];
}

export function strategySteps(input: StrategyInput): Step[] {
  switch (input.strategy) {
    case 'append':
      return [insertStep(input)];
    case 'delete+insert':
      return [...deleteByKeySteps(input), insertStep(input)];
    case 'replace':
      return [...replacePartitionSteps(input), insertStep(input)];
    case 'merge':
      return [mergeStep(input)];
  }
}

function insertStep({ target, source, columns }: StrategyInput): Step {
  const list = columns.join(', ');
  return step(`insert into ${target} (${list})\nselect ${list} from ${source}`, 'insert the new rows', { response: 'INSERT' });
}

function predicateSql(predicates: string[]): string {
  return predicates.map((predicate) => `\n  and (${predicate})`).join('');
}

/**
 * Null-safe key matching in two statements. The first is the plain tuple `in`, which PostgreSQL turns into a
 * semi-join (hash join, or an index scan on the target's key): fast, but `=` never matches nulls. The second
 * deletes only rows whose key has a null part, matched with `is not distinct from`; that cannot use a hash or an
 * index, so it is restricted to null-key rows on both sides and gated by an uncorrelated `exists`, which the
 * planner evaluates once and which skips the statement's scan entirely when the new data has no null keys.
 * A single `… in (…) or exists (…)` would stop PostgreSQL from using a semi-join at all (dbt-core#7873).
 */
function deleteByKeySteps({ target, source, uniqueKey, predicates }: StrategyInput): Step[] {
  const keys = uniqueKey.join(', ');
  const tuple = (alias: string) => (uniqueKey.length === 1 ? `${alias}.${uniqueKey[0]}` : `(${uniqueKey.map((k) => `${alias}.${k}`).join(', ')})`);
  const anyNull = (alias: string) => uniqueKey.map((k) => `${alias}.${k} is null`).join(' or ');
  const sameKey = uniqueKey.map((k) => `${SOURCE}.${k} is not distinct from ${DEST}.${k}`).join(' and ');
  return [
    step(
      `delete from ${target} as ${DEST}\nwhere ${tuple(DEST)} in (select ${keys} from ${source})${predicateSql(predicates)}`,
      'delete the rows being replaced',
    ),
    step(
      `delete from ${target} as ${DEST}\nwhere exists (select 1 from ${source} as ${SOURCE} where ${anyNull(SOURCE)})\n` +
        `  and (${anyNull(DEST)})\n` +
        `  and exists (select 1 from ${source} as ${SOURCE} where (${anyNull(SOURCE)}) and ${sameKey})${predicateSql(predicates)}`,
      'delete the rows being replaced whose key has nulls',
    ),
  ];
}

/** Every row of each affected partition goes, so rows whose ids changed cannot linger (semantic-schema.md §8). */
function replacePartitionSteps({ target, source, partitionKey, partitionScope, predicates }: StrategyInput): Step[] {
  const key = partitionKey!;
  const scope = partitionScope ?? source;
  return [
    step(
      `delete from ${target} as ${DEST}\nwhere ${DEST}.${key} in (select ${key} from ${scope})${predicateSql(predicates)}`,
      'delete every row of the affected partitions',
    ),
    // `in` never matches a null partition; the uncorrelated exists is evaluated once.
    step(
      `delete from ${target} as ${DEST}\nwhere ${DEST}.${key} is null\n  and exists (select 1 from ${scope} as ${SOURCE} where ${SOURCE}.${key} is null)${predicateSql(predicates)}`,
      'delete the rows of the null partition when it is affected',
    ),
  ];
}

/**
 * Keys are compared as one-element arrays: array equality treats two nulls as equal (null-safe) and, unlike
 * `is not distinct from`, is hashable and sortable, so the MERGE join can be a hash or merge join instead of a
 * nested loop over both tables.
 */
function mergeStep({ target, source, columns, uniqueKey, predicates }: StrategyInput): Step {
  const on = uniqueKey.map((k) => `array[${SOURCE}.${k}] = array[${DEST}.${k}]`).join('\n  and ');
  const keySet = new Set(uniqueKey);
  const updates = columns.filter((c) => !keySet.has(c)).map((c) => `${c} = ${SOURCE}.${c}`);
  const matched = updates.length > 0 ? `when matched then update set\n  ${updates.join(',\n  ')}` : 'when matched then do nothing';
  return step(
    `merge into ${target} as ${DEST}\nusing ${source} as ${SOURCE}\non ${on}${predicateSql(predicates)}\n` +
      `${matched}\nwhen not matched then insert (${columns.join(', ')})\n  values (${columns.map((c) => `${SOURCE}.${c}`).join(', ')})`,
    'merge the new rows',
    { response: 'MERGE' },
  );
}
