/**
 * Runs one data test node (generic or singular): optional store_failures, the counting wrapper, and dbt's
 * verdict rules (`task/test.py`).
 */
import type { Adapter, Connection } from '../adapters/index.js';
import type { Manifest, ManifestNode } from '../core/index.js';
import { ChatsemError, ConfigError, DatabaseError, InternalError, MAX_IDENTIFIER_BYTES, identifierBytes, quoteIdentifier, quoteLiteral } from '../core/index.js';
import { explainTestError } from './explain-test-error.js';
import { precheckSourceTest } from './source-precheck.js';
import type { TestOutcome } from './test-outcome.js';
import type { TestConfig } from './test-query.js';
import { readTestConfig, stripTrailingSemicolon, wrapTestQuery } from './test-query.js';

export interface RunDataTestOptions {
  node: ManifestNode;
  /** The compiled test query (compile-time `compiled_code`, or the SQL the runner rendered at run time). */
  sql: string;
  /** Where failing rows go; default `<node schema>_test_failures`. */
  storeFailuresSchema?: string;
  /** `--store-failures` on the command line (a test's own store_failures config wins). */
  storeFailures?: boolean;
  /** `--warn-error`: a warning counts as a failure. */
  warnError?: boolean;
  /**
   * Lets database errors name the missing model/source/column, and makes tests on sources check first that the
   * source's schema, table and tested column exist (a clear error — or, for expect_column_to_exist, a failure).
   */
  manifest?: Manifest;
}

export async function runDataTest(adapter: Adapter, options: RunDataTestOptions): Promise<TestOutcome> {
  const { node } = options;
  let config: TestConfig;
  try {
    config = readTestConfig(node, { storeFailures: options.storeFailures });
  } catch (error) {
    return errorOutcome(error, '');
  }
  if (options.manifest) {
    const precheck = await precheckSourceTest(adapter, node, options.manifest);
    if (precheck) return precheck;
  }
  const sql = stripTrailingSemicolon(options.sql);
  let storedIn: string | null = null;
  let counted = sql;
  try {
    if (config.storeFailures) {
      const schema = options.storeFailuresSchema ?? `${node.schema}_test_failures`;
      const name = node.alias || node.name;
      storedIn = await storeFailingRows(adapter, schema, name, sql, config);
      // Counting the stored rows keeps the verdict and the stored table consistent (dbt does the same).
      counted = `select * from ${storedIn}`;
    }
  } catch (error) {
    return errorOutcome(explain(error, node, options.manifest), sql);
  }
  const executedSql = wrapTestQuery(counted, storedIn === null ? config : { ...config, limit: null });
  let row: Record<string, unknown> | undefined;
  try {
    const result = await adapter.query(executedSql);
    row = result.rows[0];
  } catch (error) {
    return errorOutcome(explain(error, node, options.manifest), executedSql);
  }
  if (!row) throw new InternalError(`test wrapper for ${node.unique_id} returned no row`);
  const failures = row.failures === null || row.failures === undefined ? 0 : Number(row.failures);
  if (Number.isNaN(failures)) {
    const error = new ConfigError(`fail_calc of test ${node.name} returned ${quoteLiteral(String(row.failures))}, not a number`, node.location);
    return errorOutcome(error, executedSql);
  }
  const storedSelect = storedIn === null ? null : `select * from ${storedIn}`;
  const results = (n: number): string => `Got ${n} result${n === 1 ? '' : 's'}, configured to`;
  if (config.severity === 'error' && isTrue(row.should_error)) {
    return { status: 'fail', failures, message: `${results(failures)} fail if ${config.errorIf.text}`, storedIn: storedSelect, executedSql };
  }
  if (isTrue(row.should_warn)) {
    if (options.warnError) {
      return { status: 'fail', failures, message: `${results(failures)} fail if ${config.warnIf.text}`, storedIn: storedSelect, executedSql };
    }
    return { status: 'warn', failures, message: `${results(failures)} warn if ${config.warnIf.text}`, storedIn: storedSelect, executedSql };
  }
  return { status: 'pass', failures: 0, message: '', storedIn: storedSelect, executedSql };
}

/** Replaces `<schema>.<name>` with the failing rows (limited like the test), as a table or a view. */
async function storeFailingRows(adapter: Adapter, schema: string, name: string, sql: string, config: TestConfig): Promise<string> {
  if (identifierBytes(name) > MAX_IDENTIFIER_BYTES) {
    throw new ConfigError(
      `test name ${name} is ${identifierBytes(name)} bytes, too long for a store_failures table (PostgreSQL allows ${MAX_IDENTIFIER_BYTES})`,
      undefined,
      'Give the test a shorter `name:` in its properties YAML.',
    );
  }
  const relation = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
  const body = config.limit === null ? sql : `select * from (\n${sql}\n) dbt_internal_test limit ${config.limit}`;
  await adapter.transaction(async (connection) => {
    await connection.query(`create schema if not exists ${quoteIdentifier(schema)}`);
    await dropExisting(connection, schema, name);
    const kind = config.storeFailuresAs === 'view' ? 'view' : 'table';
    await connection.query(`create ${kind} ${relation} as (\n${body}\n)`);
  });
  return relation;
}

async function dropExisting(connection: Connection, schema: string, name: string): Promise<void> {
  const existing = await connection.query<{ relkind: string }>(
    `select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
    [schema, name],
  );
  const relkind = existing.rows[0]?.relkind;
  if (relkind === undefined) return;
  const kind = relkind === 'v' ? 'view' : relkind === 'm' ? 'materialized view' : 'table';
  await connection.query(`drop ${kind} ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`);
}

function explain(error: unknown, node: ManifestNode, manifest: Manifest | undefined): unknown {
  if (manifest && error instanceof DatabaseError) return explainTestError(error, node, manifest);
  return error;
}

function errorOutcome(error: unknown, executedSql: string): TestOutcome {
  if (!(error instanceof ChatsemError)) throw error;
  return { status: 'error', failures: 0, message: error.message, storedIn: null, executedSql, error };
}

function isTrue(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}
