/**
 * Before a test on a source runs, checks that the source's schema, table and tested column exist, so that a
 * source that was never loaded (or a wrong source_schema_prefix) is reported as such instead of as a database
 * error or a bare "Got 1 result".
 */
import type { Adapter } from '../adapters/index.js';
import type { Manifest, ManifestNode } from '../core/index.js';
import { formatLocation } from '../core/index.js';
import { memberOf } from './member-of.js';
import { checkSourceRelation } from './source-check.js';
import type { TestOutcome } from './test-outcome.js';

/** Tests whose whole point is a column's existence: a missing column is their failure, not an error. */
const EXISTENCE_TESTS = new Set(['expect_column_to_exist']);

/** Null when the test is not on a source or everything it reads exists; else the outcome to report. */
export async function precheckSourceTest(adapter: Adapter, node: ManifestNode, manifest: Manifest): Promise<TestOutcome | null> {
  const source = node.attached_node ? memberOf(manifest, node.attached_node) : undefined;
  if (!source || source.resource_type !== 'source') return null;
  const where = formatLocation(node.location);
  const columns = node.column_name ? [node.column_name] : [];
  const problem = await checkSourceRelation(adapter, source, columns, `test ${node.name}${where ? ` (${where})` : ''}`);
  if (!problem) return null;
  const missingColumn = problem.message.startsWith('column ');
  if (missingColumn && EXISTENCE_TESTS.has(node.test_metadata?.name ?? '')) {
    const warn = String(node.config.severity ?? 'error').toLowerCase() === 'warn';
    return { status: warn ? 'warn' : 'fail', failures: 1, message: problem.message, storedIn: null, executedSql: '', error: problem };
  }
  return { status: 'error', failures: 0, message: problem.message, storedIn: null, executedSql: '', error: problem };
}
