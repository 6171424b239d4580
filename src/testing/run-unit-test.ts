/**
 * Runs a unit test: the model's SQL over the given rows, compared with the expected rows as multisets over the
 * expected columns (order ignored, duplicates counted), with a row diff in the message. Only selects run.
 */
import type { Adapter } from '../adapters/index.js';
import type { GraphMember, Manifest, ManifestNode } from '../core/index.js';
import { ChatsemError, DatabaseError, quoteIdentifier } from '../core/index.js';
import type { TestOutcome } from './test-outcome.js';
import type { FixtureColumn } from './unit-test-fixtures.js';
import { fixtureRows, rowColumns, rowsToSql } from './unit-test-fixtures.js';
import { memberOf } from './member-of.js';
import { buildUnitTestSql } from './unit-test-sql.js';

export interface RunUnitTestOptions {
  node: ManifestNode;
  model: ManifestNode;
  manifest: Pick<Manifest, 'nodes' | 'sources'>;
  /** The model's SQL when the runner rendered it again (overrides); default its compiled_code. */
  modelSql?: string;
}

/** Types a column can be compared with `except all` in; others are compared as text. */
function comparableType(type: string): string {
  return type === 'json' || type === 'xml' || type === 'unknown' || type === 'point' ? 'text' : type;
}

export async function runUnitTest(adapter: Adapter, options: RunUnitTestOptions): Promise<TestOutcome> {
  const { node, model } = options;
  let executedSql = '';
  try {
    const catalogue = await catalogueOf(adapter, model, options.manifest);
    const built = buildUnitTestSql(node, model, {
      manifest: options.manifest,
      modelSql: options.modelSql,
      catalogueColumns: (member) => catalogue.get(member.unique_id),
    });
    executedSql = built.actualSql;
    const spec = node.unit_test!;
    const actualColumns = await describeQuery(adapter, built.actualSql);
    const expectedRows = spec.expect.format === 'sql' ? null : fixtureRows(spec.expect, `unit test ${node.name}, expect`);
    const expectedNames = expectedRows ? rowColumns(expectedRows) : (await describeQuery(adapter, built.expectedSql)).map((c) => c.name);
    if (expectedNames.length === 0) {
      executedSql = `select count(*) as n from (\n${built.actualSql}\n) a`;
      const n = Number((await adapter.query<{ n: unknown }>(executedSql)).rows[0]!.n);
      if (n === 0) return { status: 'pass', failures: 0, message: '', storedIn: null, executedSql };
      return { status: 'fail', failures: n, message: `expected no rows, but model ${model.name} returned ${n}`, storedIn: null, executedSql };
    }
    const byName = new Map(actualColumns.map((c) => [c.name.toLowerCase(), c]));
    const missing = expectedNames.filter((name) => !byName.has(name.toLowerCase()));
    if (missing.length) {
      const message = `expected column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not in the output of model ${model.name} (its columns: ${actualColumns.map((c) => c.name).join(', ')})`;
      return { status: 'fail', failures: 1, message, storedIn: null, executedSql };
    }
    const columns = expectedNames.map((name) => ({ name, actual: byName.get(name.toLowerCase())!.name, type: comparableType(byName.get(name.toLowerCase())!.type) }));
    const expectedSql = expectedRows
      ? rowsToSql(expectedRows, columns.map((c) => ({ name: c.name, type: c.type })), `unit test ${node.name}, expect`)
      : built.expectedSql;
    const project = (alias: string, useActualNames: boolean) =>
      columns.map((c) => `cast(${alias}.${quoteIdentifier(useActualNames ? c.actual : c.name)} as ${c.type}) as ${quoteIdentifier(c.name)}`).join(', ');
    const shown = columns.map((c) => `cast(d.${quoteIdentifier(c.name)} as text) as ${quoteIdentifier(c.name)}`).join(', ');
    executedSql = [
      `with __actual as (select ${project('a', true)} from (\n${built.actualSql}\n) a),`,
      `__expected as (select ${project('e', false)} from (\n${expectedSql}\n) e)`,
      `select '-' as __diff, ${shown} from (select * from __expected except all select * from __actual) d`,
      'union all',
      `select '+' as __diff, ${shown} from (select * from __actual except all select * from __expected) d`,
      `order by ${columns.map((_, i) => i + 2).join(', ')}, 1`,
    ].join('\n');
    const diff = await adapter.query<Record<string, unknown>>(executedSql);
    if (diff.rows.length === 0) return { status: 'pass', failures: 0, message: '', storedIn: null, executedSql };
    return { status: 'fail', failures: diff.rows.length, message: diffMessage(diff.rows, columns.map((c) => c.name)), storedIn: null, executedSql };
  } catch (error) {
    if (!(error instanceof ChatsemError)) throw error;
    const explained = error instanceof DatabaseError
      ? new ChatsemError(`unit test ${node.name} of model ${model.name} failed: ${error.message}`, {
          node: node.unique_id,
          location: node.location,
          exitCode: 1,
          hint: error.sqlState === '42703' || error.sqlState === '42883'
            ? 'A column the model reads may be missing from the given rows, or typed differently: give it in the rows or declare its data_type in the input\'s properties YAML.'
            : undefined,
          cause: error,
        })
      : error;
    return { status: 'error', failures: 0, message: explained.message, storedIn: null, executedSql, error: explained };
  }
}

/** Catalogue columns of each given input that exists in the warehouse (read only; a missing one is fine). */
async function catalogueOf(adapter: Adapter, model: ManifestNode, manifest: Pick<Manifest, 'nodes' | 'sources'>): Promise<Map<string, FixtureColumn[]>> {
  const out = new Map<string, FixtureColumn[]>();
  const members: GraphMember[] = [model];
  for (const id of model.depends_on.nodes) {
    const member = memberOf(manifest, id);
    if (member) members.push(member);
  }
  for (const member of members) {
    const identifier = member.resource_type === 'source' ? member.identifier : member.alias;
    if (member.resource_type !== 'source' && member.relation_name === null) continue;
    const columns = await adapter.getColumns(member.schema, identifier);
    if (columns.length) out.set(member.unique_id, columns.map((c) => ({ name: c.name, type: c.dataType })));
  }
  return out;
}

/** Output columns of a query and their types, without running it over any rows. */
async function describeQuery(adapter: Adapter, sql: string): Promise<{ name: string; type: string }[]> {
  const probe = await adapter.query(`select * from (\n${sql}\n) __probe limit 0`);
  const oids = [...new Set(probe.fields.map((f) => f.dataTypeID))];
  const names = await adapter.query<{ oid: unknown; name: string }>(
    'select oid::int8 as oid, format_type(oid, null) as name from pg_type where oid = any($1::oid[])',
    [oids],
  );
  const typeOf = new Map(names.rows.map((r) => [Number(r.oid), r.name]));
  return probe.fields.map((f) => ({ name: f.name, type: typeOf.get(f.dataTypeID) ?? 'text' }));
}

function diffMessage(rows: Record<string, unknown>[], columns: string[]): string {
  const missing = rows.filter((r) => r.__diff === '-').length;
  const unexpected = rows.length - missing;
  const header = ['', ...columns];
  const body = rows.map((r) => [String(r.__diff), ...columns.map((c) => (r[c] === null || r[c] === undefined ? 'null' : String(r[c])))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  | ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `actual differs from expected: ${missing} row${missing === 1 ? '' : 's'} missing, ${unexpected} unexpected`,
    line(header),
    ...body.map(line),
    '  (- expected but not produced, + produced but not expected)',
  ].join('\n');
}
