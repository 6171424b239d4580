/**
 * Issue "Data tests", CLI side, on PGlite and PostgreSQL: every test kind (generic, custom generic, singular,
 * expectations also under `dbt_expectations.`, unit tests, source tests, freshness) and config (severity,
 * warn_if/error_if, where, limit, store_failures, name, tags, enabled) through `chatsem build` / `test` /
 * `source freshness`, with their console lines, messages, exit codes and run_results entries.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, runCli, writeProject } from '../cli.js';
import { lines, runResults } from '../engine/harness.js';
import { dataTestsProject } from './data-tests-fixture.js';

const pgReachable = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-tests-');
const home = join(scratch.path, 'home');
const pgSchemas: string[] = [];
afterAll(async () => {
  if (pgReachable && pgSchemas.length > 0) {
    const client = new pg.Client({ connectionString: postgresTestUrl() });
    await client.connect();
    for (const schema of pgSchemas) {
      for (const suffix of ['', '_raw', '_test_failures']) await client.query(`drop schema if exists "${schema}${suffix}" cascade`);
    }
    await client.end();
  }
  scratch.remove();
});

/** `name` → result of the last invocation, by the last part of unique_id without the hash. */
function byName(dir: string): Record<string, { status: string; failures: number | null; message: string | null }> {
  const entries = runResults(dir).results.map((r) => {
    const parts = r.unique_id.split('.');
    const name = r.unique_id.startsWith('test.') && /^[0-9a-f]{10}$/.test(parts.at(-1)!) ? parts.at(-2)! : parts.at(-1)!;
    return [name, { status: r.status, failures: r.failures, message: r.message }] as const;
  });
  return Object.fromEntries(entries);
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !pgReachable)(`data tests on ${kind}`, () => {
    const schema = kind === 'postgres' ? uniqueName('e2e_dt') : 'dt';
    if (kind === 'postgres') pgSchemas.push(schema);
    const profile = kind === 'postgres' ? postgresProfile('dt', postgresTestUrl(), schema) : pgliteProfile('dt', join(scratch.path, 'warehouse'), schema);
    const dir = writeProject(join(scratch.path, `dt-${kind}`), dataTestsProject(profile));
    const cli = (args: string[]) => runCli(args, { cwd: dir, env: { HOME: home } });

    it('build runs every test kind right after its node, prints PASS / WARN n / FAIL n and skips downstream of failures', async () => {
      // Source tests are run on their own below (nothing orders them after the seed that fills the source).
      const result = await cli(['build', '--exclude', 'source:*']);
      expect(result.code, result.output).toBe(1);
      const out = lines(result.stdout);
      const results = byName(dir);

      // Passing: generic, custom generic with `where`, expectations (both spellings), singular, unit, source-free.
      for (const name of [
        'not_null_orders_id',
        'is_positive_orders_amount',
        'expect_column_values_to_be_between_orders_amount__100___10',
        'dbt_expectations_expect_compound_columns_to_be_unique_orders_id__customer_id',
        'assert_customers_exist',
        'dbt_expectations_expect_column_values_to_be_between_customer_totals_total___10',
        'totals_add_up',
      ]) {
        expect(results[name]?.status, `${name}: ${JSON.stringify(results)}`).toBe('pass');
      }
      // Warnings: severity warn, warn_if/error_if thresholds, limit.
      expect(results.orders_status_known).toMatchObject({ status: 'warn', failures: 1 });
      expect(results.amount_nulls_thresholds).toMatchObject({ status: 'warn', failures: 2 });
      expect(results.customer_id_unique_limited).toMatchObject({ status: 'warn', failures: 1 });
      // Failures (error severity).
      expect(results.unique_orders_clean_id).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.relationships_orders_clean_customer_id__id__ref_customers_).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.amount_positive_everywhere).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.amount_small).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.orders_clean_has_discount).toMatchObject({ status: 'fail' });
      expect(results.dbt_expectations_expect_table_row_count_to_equal_other_table_orders_clean_ref_customers_).toMatchObject({ status: 'fail' });
      expect(results.assert_no_lost_orders).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.totals_wrong_on_purpose).toMatchObject({ status: 'fail' });
      // Disabled test: not even in the project.
      expect(Object.keys(results).some((n) => n.includes('disabled'))).toBe(false);
      // Models: built; the one downstream of failing error-severity tests is skipped.
      expect(results.orders_clean!.status).toBe('success');
      expect(results.customer_totals!.status).toBe('success');
      expect(results.after_orders_clean!.status).toBe('skipped');

      // Tests run right after the node they test.
      const position = (pattern: RegExp): number => out.findIndex((l) => pattern.test(l));
      const builtOrdersClean = position(/OK created sql table model \S+\.orders_clean /);
      const firstOrdersCleanTest = position(/START test unique_orders_clean_id /);
      const builtCustomerTotals = position(/OK created sql table model \S+\.customer_totals /);
      expect(builtOrdersClean).toBeGreaterThan(0);
      expect(firstOrdersCleanTest).toBeGreaterThan(builtOrdersClean);
      expect(position(/START seed file \S+\.orders /)).toBeLessThan(position(/START test not_null_orders_id /));

      // Console lines.
      expect(out.some((l) => /^\d+ of \d+ PASS not_null_orders_id \.+ \[PASS in \d+\.\d\ds\]$/.test(l))).toBe(true);
      expect(out.some((l) => /^\d+ of \d+ WARN 2 amount_nulls_thresholds \.+ \[WARN 2 in \d+\.\d\ds\]$/.test(l))).toBe(true);
      expect(out.some((l) => /^\d+ of \d+ FAIL 1 unique_orders_clean_id \.+ \[FAIL 1 in \d+\.\d\ds\]$/.test(l))).toBe(true);
      expect(out.some((l) => /^\d+ of \d+ SKIP relation \S+\.after_orders_clean \.+ \[SKIP\]$/.test(l))).toBe(true);
      // Summary: failing test names, messages, stored failures, compiled SQL paths.
      expect(out).toContain('[ERROR]: Failure in test unique_orders_clean_id (models/properties.yml)');
      expect(out).toContain('  Got 1 result, configured to fail if != 0');
      expect(out).toContain(`  select * from "${schema}_test_failures"."unique_orders_clean_id"`);
      expect(out).toContain('  compiled code at target/compiled/dt/models/properties.yml/unique_orders_clean_id.sql');
      expect(out).toContain('[WARNING]: Warning in test amount_nulls_thresholds (seeds/properties.yml)');
      expect(out).toContain('  Got 2 results, configured to warn if >1');
      expect(out).toContain('[ERROR]: Failure in test assert_no_lost_orders (tests/assert_no_lost_orders.sql)');
      expect(out).toContain('  compiled code at target/compiled/dt/tests/assert_no_lost_orders.sql');
      expect(result.stdout).toContain('totals_wrong_on_purpose');
      expect(out).toContain('[ERROR]: Failure in unit_test totals_wrong_on_purpose (models/properties.yml)');
      expect(out).toContain('  actual differs from expected: 1 row missing, 1 unexpected');
      expect(result.stdout).toMatch(/\| - \| 1 +\| Ann +\| 99 +\|/);
      expect(result.stdout).toMatch(/\| \+ \| 1 +\| Ann +\| 10 +\|/);
      expect(out.find((l) => l.startsWith('Done.'))).toBe('Done. PASS=13 WARN=3 ERROR=8 SKIP=1 NO-OP=0 TOTAL=25');

      // store_failures kept the failing rows.
      const stored = await cli(['show', '--inline', `select * from "${schema}_test_failures"."unique_orders_clean_id"`, '--output', 'json', '-q']);
      expect(stored.code, stored.output).toBe(0);
      expect(stored.stdout).toMatch(/"unique_field":(5|"5")/);
    }, 180_000);

    it('test selects by tag and test_type:unit; exit code 0 with only warnings, 1 on failures', async () => {
      const nightly = await cli(['test', '-s', 'tag:nightly']);
      expect(nightly.code, nightly.output).toBe(1);
      expect(Object.keys(byName(dir)).sort()).toEqual(['amount_positive_everywhere', 'assert_no_lost_orders']);

      const warnOnly = await cli(['test', '-s', 'orders', '--exclude', 'assert_no_lost_orders']);
      expect(warnOnly.code, warnOnly.output).toBe(0);
      expect(warnOnly.stdout).toContain('Completed with 0 errors, 0 partial successes, and 3 warnings:');
      expect(Object.values(byName(dir)).map((r) => r.status).sort()).toEqual(['pass', 'pass', 'pass', 'pass', 'warn', 'warn', 'warn']);

      const unit = await cli(['test', '-s', 'test_type:unit']);
      expect(unit.code, unit.output).toBe(1);
      const results = byName(dir);
      expect(Object.keys(results).sort()).toEqual(['totals_add_up', 'totals_wrong_on_purpose']);
      expect(results.totals_add_up!.status).toBe('pass');
      expect(results.totals_wrong_on_purpose!.status).toBe('fail');
      expect(unit.stdout).toContain('[ERROR]: Failure in unit_test totals_wrong_on_purpose (models/properties.yml)');
    }, 120_000);

    it('source tests name the missing schema, table or column instead of a raw database error', async () => {
      const result = await cli(['test', '-s', 'source:*']);
      expect(result.code, result.output).toBe(1);
      const results = byName(dir);
      expect(results.source_not_null_raw_raw_events_event_id!.status).toBe('pass');
      expect(results.source_not_null_raw_raw_events_sender_id!.status).toBe('error');
      expect(results.source_not_null_raw_raw_events_sender_id!.message).toContain(`column sender_id not found in ${schema}_raw.raw_events`);
      expect(result.stdout).toContain('Its columns: event_id, sent_at');
      expect(results.source_not_null_raw_raw_missing_id!.message).toContain(`table raw_missing not found in schema ${schema}_raw`);
      expect(results.source_not_null_nowhere_events_id!.message).toContain(`schema ${schema}_nowhere not found`);
      expect(result.stdout).not.toContain('relation "');
      expect(result.stdout).not.toMatch(/column "sender_id" does not exist/);
    }, 120_000);

    it('source freshness: pass, warn (exit 0) and error (exit 1)', async () => {
      const fine = await cli(['source', 'freshness', '-s', 'source:raw', 'source:live']);
      expect(fine.code, fine.output).toBe(0);
      const out = lines(fine.stdout);
      expect(out.some((l) => /^\d of 2 PASS freshness of live\.recent \.+ \[PASS in \d+\.\d\ds\]$/.test(l))).toBe(true);
      expect(out.some((l) => /^\d of 2 WARN freshness of raw\.raw_events \.+ \[WARN in \d+\.\d\ds\]$/.test(l))).toBe(true);
      const stale = await cli(['source', 'freshness']);
      expect(stale.code, stale.output).toBe(1);
      expect(stale.stdout).toMatch(/ERROR STALE freshness of stale\.raw_events/);
      expect(stale.stdout).toContain('1 stale or failed, of 3 sources');
    }, 120_000);

    it('the tutorial project with broken data fails the expected tests and skips what depends on them', async () => {
      const jaffleSchema = kind === 'postgres' ? uniqueName('e2e_jb') : 'jaffle_broken';
      if (kind === 'postgres') pgSchemas.push(jaffleSchema);
      const { copyFixture } = await import('../cli.js');
      const jdir = copyFixture('jaffle_shop', join(scratch.path, `jaffle-broken-${kind}`));
      writeProject(jdir, {
        'profiles.yml': kind === 'postgres' ? postgresProfile('jaffle_shop', postgresTestUrl(), jaffleSchema) : pgliteProfile('jaffle_shop', join(scratch.path, 'warehouse'), jaffleSchema),
        // A duplicated order id with an unknown status, and a payment method nobody accepts.
        'seeds/raw_orders.csv': 'id,user_id,order_date,status\n1,1,2018-01-01,returned\n2,3,2018-01-02,completed\n2,3,2018-01-03,lost\n',
        'seeds/raw_payments.csv': 'id,order_id,payment_method,amount\n1,1,credit_card,1000\n2,2,bitcoin,2000\n',
      });
      const result = await runCli(['build'], { cwd: jdir, env: { HOME: home } });
      expect(result.code, result.output).toBe(1);
      const results = byName(jdir);
      expect(results.unique_stg_orders_order_id).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.accepted_values_stg_orders_status__placed__shipped__completed__return_pending__returned).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.accepted_values_stg_payments_payment_method__credit_card__coupon__bank_transfer__gift_card).toMatchObject({ status: 'fail', failures: 1 });
      expect(results.not_null_stg_orders_order_id!.status).toBe('pass');
      expect(results.unique_stg_customers_customer_id!.status).toBe('pass');
      // customers and orders read the failing staging models: skipped, and so are their tests.
      expect(results.customers!.status).toBe('skipped');
      expect(results.orders!.status).toBe('skipped');
      expect(results.unique_customers_customer_id!.status).toBe('skipped');
      expect(result.stdout).toContain('Done. PASS=11 WARN=0 ERROR=3 SKIP=10 NO-OP=0 TOTAL=24');
    }, 120_000);
  });
}
