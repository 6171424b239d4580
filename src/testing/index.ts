/**
 * testing: everything that decides whether data is right. The built-in generic tests and dbt-expectations-style
 * expectations (as `{% test %}` macro files for the compiler), dbt's test wrapper and verdict rules
 * (severity, warn_if/error_if, where, limit, store_failures), source diagnostics and freshness, and unit tests
 * of a model's logic over given rows. The runner calls these per node; nothing here schedules or prints.
 */
import type { BuiltinMacroFile } from './builtin-tests.js';
import { GENERIC_TEST_MACROS } from './builtin-tests.js';
import { EXPECTATION_TEST_MACROS } from './expectation-tests.js';

export type { BuiltinMacroFile } from './builtin-tests.js';
export { GENERIC_TEST_MACROS } from './builtin-tests.js';
export { EXPECTATION_TEST_MACROS } from './expectation-tests.js';

/** Every built-in test macro file, for `CompileOptions.builtinMacros`. */
export const builtinTestMacros: readonly BuiltinMacroFile[] = [...GENERIC_TEST_MACROS, ...EXPECTATION_TEST_MACROS];

export type { TestOutcome } from './test-outcome.js';
export type { Severity, TestConfig, Threshold } from './test-query.js';
export { WhereSubquery, parseThreshold, readTestConfig, validateTestConfig, whereSubquery, wrapTestQuery } from './test-query.js';
export type { RunDataTestOptions } from './run-test.js';
export { runDataTest } from './run-test.js';
export { checkSourceRelation, missingColumnError, missingSchemaError, missingTableError } from './source-check.js';
export { explainTestError } from './explain-test-error.js';
export type { FreshnessCriteria, FreshnessOutcome } from './freshness.js';
export { checkFreshness } from './freshness.js';
export type { ResolvedInput, UnitTestSql, UnitTestSqlOptions } from './unit-test-sql.js';
export { buildUnitTestSql, resolveInput } from './unit-test-sql.js';
export type { FixtureColumn } from './unit-test-fixtures.js';
export { inferType } from './unit-test-fixtures.js';
export type { RunUnitTestOptions } from './run-unit-test.js';
export { runUnitTest } from './run-unit-test.js';
