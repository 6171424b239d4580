import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import { Relation } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeNode } from './__fixtures__/nodes.js';
import { renderTestMacro } from './__fixtures__/render-test-macro.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { runDataTest, whereSubquery } from './index.js';

const skipPostgres = !(await postgresReachable());

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: dbt-expectations built in`, () => {
    let adapter: Adapter;
    let schema: string;
    const rel = (name: string) => new Relation({ schema, identifier: name });

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('chatsem_ex');
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".events (id integer, sender_id text, intent text, confidence numeric, kind text, ts timestamptz, local_ts timestamp)`);
      await adapter.query(`insert into "${schema}".events values
        (1, 's1', 'greet', 0.9, 'user', now() - interval '2 hours', (now() at time zone 'UTC') - interval '2 hours'),
        (2, 's1', 'bye', 0.4, 'user', now() - interval '3 days', (now() at time zone 'UTC') - interval '3 days'),
        (3, 's2', 'greet', 1.0, 'bot', now() - interval '5 days', (now() at time zone 'UTC') - interval '5 days'),
        (4, 's2', null, null, 'bot', null, null)`);
      await adapter.query(`create table "${schema}".sessions (sender_id text, kind text)`);
      await adapter.query(`insert into "${schema}".sessions values ('s1', 'user'), ('s1', 'user'), ('s2', 'bot'), ('s2', 'bot')`);
    });
    afterEach(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
    });

    async function expectation(name: string, args: Record<string, unknown>, where?: string) {
      const sql = renderTestMacro(name, { model: whereSubquery(rel('events'), where), ...args });
      return runDataTest(adapter, { node: makeNode({ name: `${name}_events`, schema }), sql });
    }
    const status = async (name: string, args: Record<string, unknown>, where?: string) => (await expectation(name, args, where)).status;

    it('expect_column_to_exist checks the catalogue (case-insensitive) and column_index', async () => {
      expect(await status('expect_column_to_exist', { column_name: 'sender_id' })).toBe('pass');
      expect(await status('expect_column_to_exist', { column_name: 'SENDER_ID', column_index: 2 })).toBe('pass');
      expect(await status('expect_column_to_exist', { column_name: 'sender_id', column_index: 3 })).toBe('fail');
      expect(await expectation('expect_column_to_exist', { column_name: 'user_id' })).toMatchObject({ status: 'fail', failures: 1 });
      // With `where`, the compiler passes the filtered relation as a string; the table is still found.
      expect(await status('expect_column_to_exist', { column_name: 'sender_id' }, "intent = 'it''s'")).toBe('pass');
      const filtered = `(select * from "${schema}"."events" where id > 1) dbt_subquery`;
      const sql = renderTestMacro('expect_column_to_exist', { model: filtered, column_name: 'user_id' });
      expect((await runDataTest(adapter, { node: makeNode({ name: 'exists_where', schema }), sql })).status).toBe('fail');
    });

    it('expect_table_row_count_to_equal_other_table compares counts, per group, with conditions and a factor', async () => {
      const compare_model = rel('sessions');
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model })).toBe('pass');
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model, row_condition: 'id > 1' })).toBe('fail');
      expect(
        await status('expect_table_row_count_to_equal_other_table', { compare_model, row_condition: "kind = 'bot'", compare_row_condition: "sender_id = 's2'" }),
      ).toBe('pass');
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model, group_by: ['sender_id'] })).toBe('pass');
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model, group_by: ['intent'], compare_group_by: ['sender_id'] })).toBe('fail');
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model, factor: 2, compare_row_condition: "kind = 'bot'" })).toBe('pass');
      await adapter.query(`delete from "${schema}".sessions`);
      expect(await status('expect_table_row_count_to_equal_other_table', { compare_model })).toBe('fail');
    });

    it('expect_column_values_to_be_between: inclusive, strictly, one-sided, nulls pass, row_condition', async () => {
      expect(await status('expect_column_values_to_be_between', { column_name: 'confidence', min_value: 0.4, max_value: 1 })).toBe('pass');
      expect(await expectation('expect_column_values_to_be_between', { column_name: 'confidence', min_value: 0.4, max_value: 1, strictly: true })).toMatchObject({
        status: 'fail',
        failures: 2,
      });
      expect(await status('expect_column_values_to_be_between', { column_name: 'confidence', min_value: 0.5 })).toBe('fail');
      expect(await status('expect_column_values_to_be_between', { column_name: 'confidence', min_value: 0.5, row_condition: "intent = 'greet'" })).toBe('pass');
      expect(() => renderTestMacro('expect_column_values_to_be_between', { model: rel('events'), column_name: 'id' })).toThrow(
        /you have to provide either a min_value, max_value or both/,
      );
    });

    it('expect_column_values_to_be_in_set / _not_be_in_set, quoted and unquoted', async () => {
      expect(await status('expect_column_values_to_be_in_set', { column_name: 'kind', value_set: ['user', 'bot'] })).toBe('pass');
      expect(await expectation('expect_column_values_to_be_in_set', { column_name: 'kind', value_set: ['user'] })).toMatchObject({ status: 'fail', failures: 2 });
      expect(await status('expect_column_values_to_be_in_set', { column_name: 'id', value_set: [1, 2, 3, 4] })).toBe('pass');
      expect(await status('expect_column_values_to_be_in_set', { column_name: 'id', value_set: [1, 2, 3], quote_values: false })).toBe('fail');
      // As dbt-expectations: a null is in no set, unless skipped with row_condition.
      expect(await status('expect_column_values_to_be_in_set', { column_name: 'intent', value_set: ['greet', 'bye'] })).toBe('fail');
      expect(await status('expect_column_values_to_be_in_set', { column_name: 'intent', value_set: ['greet', 'bye'], row_condition: 'intent is not null' })).toBe('pass');

      expect(await status('expect_column_values_to_not_be_in_set', { column_name: 'intent', value_set: ['nlu_fallback', "it's"] })).toBe('pass');
      expect(await expectation('expect_column_values_to_not_be_in_set', { column_name: 'intent', value_set: ['greet'] })).toMatchObject({ status: 'fail', failures: 2 });
      expect(await status('expect_column_values_to_not_be_in_set', { column_name: 'id', value_set: [7, 8], quote_values: false })).toBe('pass');
    });

    it('expect_column_distinct_count_to_equal, overall and per group', async () => {
      expect(await status('expect_column_distinct_count_to_equal', { column_name: 'intent', value: 2 })).toBe('pass');
      expect(await status('expect_column_distinct_count_to_equal', { column_name: 'intent', value: 3 })).toBe('fail');
      expect(await status('expect_column_distinct_count_to_equal', { column_name: 'kind', value: 1, group_by: ['sender_id'] })).toBe('pass');
      expect(await expectation('expect_column_distinct_count_to_equal', { column_name: 'intent', value: 2, group_by: ['sender_id'] })).toMatchObject({
        status: 'fail',
        failures: 1,
      });
    });

    it('expect_compound_columns_to_be_unique with ignore_row_if and row_condition', async () => {
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'intent'] })).toBe('pass');
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'kind'] })).toBe('fail');
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'kind'], row_condition: 'id in (1, 3)' })).toBe('pass');
      await adapter.query(`insert into "${schema}".events (id, sender_id) values (5, 's2')`);
      // (s2, null) twice: counted unless rows with any missing value are ignored.
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'intent'] })).toBe('fail');
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'intent'], ignore_row_if: 'any_value_is_missing' })).toBe('pass');
      expect(await status('expect_compound_columns_to_be_unique', { column_list: ['sender_id', 'intent'], quote_columns: true, ignore_row_if: 'any_value_is_missing' })).toBe('pass');
      expect(() => renderTestMacro('expect_compound_columns_to_be_unique', { model: rel('events'), column_list: ['id'], ignore_row_if: 'never' })).toThrow(/ignore_row_if must be one of/);
    });

    it('expect_column_values_to_match_regex with flags; a null does not match', async () => {
      expect(await status('expect_column_values_to_match_regex', { column_name: 'sender_id', regex: '^s[0-9]+$' })).toBe('pass');
      expect(await status('expect_column_values_to_match_regex', { column_name: 'sender_id', regex: '^S[0-9]+$' })).toBe('fail');
      expect(await status('expect_column_values_to_match_regex', { column_name: 'sender_id', regex: '^S[0-9]+$', flags: 'i' })).toBe('pass');
      expect(await expectation('expect_column_values_to_match_regex', { column_name: 'intent', regex: '^(greet|bye)$' })).toMatchObject({ status: 'fail', failures: 1 });
      expect(await status('expect_column_values_to_match_regex', { column_name: 'intent', regex: "^(greet|bye|it's)$", row_condition: 'intent is not null' })).toBe('pass');
      expect(() => renderTestMacro('expect_column_values_to_match_regex', { model: rel('events'), column_name: 'intent', regex: 'x', flags: 'iz' })).toThrow(
        /flag z is not one of the PostgreSQL flags/,
      );
    });

    it('expect_table_columns_to_match_set: same columns in any order and case', async () => {
      const all = ['id', 'sender_id', 'intent', 'confidence', 'kind', 'ts', 'local_ts'];
      expect(await status('expect_table_columns_to_match_set', { column_list: [...all].reverse().map((c) => c.toUpperCase()) })).toBe('pass');
      expect(await status('expect_table_columns_to_match_set', { column_list: all, transform: 'lower' })).toBe('pass');
      expect(await expectation('expect_table_columns_to_match_set', { column_list: [...all.slice(1), 'user_id'] })).toMatchObject({ status: 'fail', failures: 2 });
      expect(await status('expect_table_columns_to_match_set', { column_list: all }, 'id > 1')).toBe('pass');
      await adapter.query(`alter table "${schema}".events drop column intent`);
      expect(await status('expect_table_columns_to_match_set', { column_list: all.filter((c) => c !== 'intent') })).toBe('pass');
      expect(await status('expect_column_to_exist', { column_name: 'kind', column_index: 4 })).toBe('pass');
    });

    it('expect_row_values_to_have_recent_data on timestamptz and naive UTC timestamps', async () => {
      for (const column_name of ['ts', 'local_ts']) {
        expect(await status('expect_row_values_to_have_recent_data', { column_name, datepart: 'day', interval: 1 })).toBe('pass');
        expect(await status('expect_row_values_to_have_recent_data', { column_name, datepart: 'hour', interval: 1 })).toBe('fail');
        expect(await status('expect_row_values_to_have_recent_data', { column_name, datepart: 'day', interval: 4, row_condition: "kind = 'bot'" })).toBe('fail');
      }
      // No row at all is not recent.
      expect(await status('expect_row_values_to_have_recent_data', { column_name: 'ts', datepart: 'year', interval: 1 }, 'id > 100')).toBe('fail');
      expect(() => renderTestMacro('expect_row_values_to_have_recent_data', { model: rel('events'), column_name: 'ts', datepart: 'fortnight', interval: 1 })).toThrow(
        /datepart must be one of/,
      );
    });
  });
}
