/**
 * Runs one snapshot: read its config, check names, describe its query and the existing table, plan, and execute the
 * plan — the schema outside, everything else in one transaction, so a failure leaves the history as it was.
 */
import { ChatsemError, quoteIdentifier } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import type { Adapter, ColumnDescription, Connection, RelationDescription } from '../adapters/index.js';
import { stepError } from './execute-steps.js';
import type { MaterializeResult } from './materialize.js';
import { randomSuffix } from './materialize.js';
import { nodeError } from './node-error.js';
import { checkRelationNames } from './relation-names.js';
import { readSnapshotConfig, type SnapshotConfig } from './snapshot-config.js';
import { planSnapshot, type SnapshotStep } from './snapshot-plan.js';
import { wrapSelect } from './sql-fragments.js';
import { countsRows, formatResponse, step } from './step.js';

export interface SnapshotInput {
  node: ManifestNode;
  /** Compiled SELECT of the snapshot block. */
  sql: string;
  relation: Relation;
  /** Rendered SQL run inside the transaction, before the snapshot. */
  preHooks: string[];
  /** Rendered SQL run inside the transaction, after the snapshot. */
  postHooks: string[];
  /** Random part of the staging tables' names (tests pass a constant). */
  suffixGenerator?: () => string;
  /** SQL for the time of this run, instead of `now()` (tests pin it to check dbt_valid_to exactly). */
  now?: string;
}

export async function snapshot(adapter: Adapter, input: SnapshotInput): Promise<MaterializeResult> {
  const { node, relation, sql } = input;
  const config = readSnapshotConfig(node);
  checkRelationNames(node, relation);
  const suffix = (input.suffixGenerator ?? randomSuffix)();
  const state = await describe(adapter, relation, sql, suffix).catch((error: unknown) => {
    throw error instanceof ChatsemError ? error : stepError(node, step('', "read the catalogue and describe the snapshot query's columns"), error);
  });
  const steps = planSnapshot({ node, config, sql, relation, ...state, preHooks: input.preHooks, postHooks: input.postHooks, suffix, now: input.now });
  return executeSnapshot(adapter, node, config, steps);
}

interface SnapshotState {
  existing: RelationDescription | null;
  existingColumns: ColumnDescription[];
  queryColumns: ColumnDescription[];
}

const COLUMNS_QUERY = `
select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as "dataType", a.attnum::int as ordinal
from pg_catalog.pg_attribute a
where a.attrelid = $1::text::pg_catalog.regclass and a.attnum > 0 and not a.attisdropped
order by a.attnum`;

/** The query is described as a temporary view (planned, never run); types are read schema-qualified for ALTER TABLE. */
async function describe(adapter: Adapter, relation: Relation, sql: string, suffix: string): Promise<SnapshotState> {
  const relations = await adapter.listRelations([relation.schema]);
  const existing = relations.find((r) => r.name === relation.identifier) ?? null;
  return adapter.transaction(async (connection) => {
    const probe = `pg_temp.${quoteIdentifier(`chatsem_probe_${suffix}`)}`;
    await connection.query(`create temp view ${probe} as ${wrapSelect(sql)}`);
    await connection.query('set local search_path to pg_catalog');
    const queryColumns = await readColumns(connection, probe);
    const existingColumns = existing?.type === 'table' ? await readColumns(connection, relation.render()) : [];
    await connection.query(`drop view ${probe}`);
    return { existing, existingColumns, queryColumns };
  });
}

async function readColumns(connection: Connection, relation: string): Promise<ColumnDescription[]> {
  const result = await connection.query<ColumnDescription>(COLUMNS_QUERY, [relation]);
  return result.rows.map((row) => ({ name: row.name, dataType: row.dataType, ordinal: Number(row.ordinal) }));
}

async function executeSnapshot(adapter: Adapter, node: ManifestNode, config: SnapshotConfig, steps: SnapshotStep[]): Promise<MaterializeResult> {
  const executedSql: string[] = [];
  let result: { message: string; rowsAffected: number | null } = { message: 'OK', rowsAffected: null };
  const run = async (connection: Connection, s: SnapshotStep) => {
    executedSql.push(s.sql);
    let outcome;
    try {
      outcome = await connection.query(s.sql);
    } catch (error) {
      throw stepError(node, s, error);
    }
    if (s.rejectsDuplicateKeys && outcome.rows.length > 0) throw duplicateKeyError(node, config, outcome.rows);
    if (s.response) result = { message: formatResponse(s.response, outcome.rowCount), rowsAffected: countsRows(s.response) ? outcome.rowCount : null };
  };
  for (const s of steps.filter((s) => s.transaction === 'outside')) await run(adapter, s);
  await adapter.transaction(async (connection) => {
    for (const s of steps.filter((s) => s.transaction === 'inside')) await run(connection, s);
  });
  return { ...result, executedSql };
}

function duplicateKeyError(node: ManifestNode, config: SnapshotConfig, rows: Record<string, unknown>[]): ChatsemError {
  const keyName = config.uniqueKey.length === 1 ? config.uniqueKey[0]! : `(${config.uniqueKey.join(', ')})`;
  const examples = rows.map((row) => {
    const values = Object.entries(row).filter(([name]) => name !== 'dbt_rows').map(([, value]) => (value === null ? 'null' : JSON.stringify(value)));
    return `${values.length === 1 ? values[0] : `(${values.join(', ')})`} (${row.dbt_rows} rows)`;
  });
  return nodeError(
    node,
    `unique_key ${keyName} is not unique in the snapshot's query: ${examples.join(', ')}; nothing was changed`,
    'A snapshot keeps one current version per key: fix the query (or unique_key) so each key appears once.',
  );
}
