import { describe, expect, it } from 'vitest';
import { ConfigError, Relation } from '../core/index.js';
import { makeNode } from './__fixtures__/nodes.js';
import { parseThreshold, readTestConfig, validateTestConfig, whereSubquery, wrapTestQuery } from './test-query.js';

const node = makeNode({ name: 'not_null_orders_id' });

describe('parseThreshold', () => {
  it.each([
    ['!= 0', '!=', 0],
    ['>10', '>', 10],
    ['>= 5', '>=', 5],
    [' < 2.5 ', '<', 2.5],
    ['<> 0', '<>', 0],
    ['== 3', '=', 3],
    ['= -1', '=', -1],
  ])('accepts %j', (text, operator, value) => {
    expect(parseThreshold(text, 'warn_if', node)).toMatchObject({ operator, value });
  });

  it.each<unknown>(['>', '10', 10, null, '> 1; drop table x', '> 1 or true', '!= 0 --', 'like 1', '>1e3', ''])('rejects %j naming the test and key', (text) => {
    expect(() => parseThreshold(text, 'error_if', node)).toThrow(ConfigError);
    expect(() => parseThreshold(text, 'error_if', node)).toThrow(/error_if of test not_null_orders_id is .*expected a comparison with a number/);
  });
});

describe('readTestConfig', () => {
  it('has dbt defaults', () => {
    const config = readTestConfig(makeNode({ name: 't', config: { severity: undefined, warn_if: undefined, error_if: undefined } }));
    expect(config).toMatchObject({ severity: 'error', failCalc: 'count(*)', limit: null, storeFailures: false, storeFailuresAs: 'table' });
    expect(config.warnIf.text).toBe('!= 0');
  });

  it('reads severity case-insensitively and store_failures from the flag or config', () => {
    expect(readTestConfig(makeNode({ name: 't', config: { severity: 'WARN' } })).severity).toBe('warn');
    expect(readTestConfig(makeNode({ name: 't' }), { storeFailures: true }).storeFailures).toBe(true);
    expect(readTestConfig(makeNode({ name: 't', config: { store_failures: false } }), { storeFailures: true }).storeFailures).toBe(false);
    expect(readTestConfig(makeNode({ name: 't', config: { store_failures_as: 'view' } })).storeFailuresAs).toBe('view');
    expect(readTestConfig(makeNode({ name: 't', config: { store_failures: true, store_failures_as: 'ephemeral' } })).storeFailures).toBe(false);
  });

  it('collects bad config as ConfigErrors naming the test and its file', () => {
    const bad = makeNode({ name: 'unique_x', config: { severity: 'fatal' } });
    const errors = validateTestConfig(bad);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('severity of test unique_x is "fatal": expected warn or error');
    expect(errors[0]!.location).toEqual({ file: 'models/schema.yml', line: 7 });
    expect(validateTestConfig(makeNode({ name: 'u', config: { limit: 'ten' } }))[0]!.message).toMatch(/limit of test u/);
    expect(validateTestConfig(makeNode({ name: 'u', config: { fail_calc: 'count(*); drop table x' } }))).toHaveLength(1);
    expect(validateTestConfig(makeNode({ name: 'u' }))).toEqual([]);
  });
});

describe('wrapTestQuery', () => {
  it('builds dbt\'s wrapper with limit, thresholds and fail_calc', () => {
    const config = readTestConfig(makeNode({ name: 't', config: { warn_if: '>10', error_if: '>= 50', limit: 5, fail_calc: 'sum(n)' } }));
    expect(wrapTestQuery('select * from x;', config)).toBe(
      [
        'select',
        '    sum(n) as failures,',
        '    sum(n) > 10 as should_warn,',
        '    sum(n) >= 50 as should_error',
        'from (',
        'select * from x',
        'limit 5',
        ') dbt_internal_test',
      ].join('\n'),
    );
  });
});

describe('whereSubquery', () => {
  const relation = new Relation({ schema: 'analytics', identifier: 'orders' });

  it('renders the filtered relation as dbt\'s get_where_subquery and keeps schema/identifier', () => {
    const model = whereSubquery(relation, "status = 'placed'");
    expect(`${model}`).toBe(`(select * from "analytics"."orders" where status = 'placed') dbt_subquery`);
    expect(model.schema).toBe('analytics');
    expect(model.identifier).toBe('orders');
  });

  it('returns the relation itself without a where', () => {
    expect(whereSubquery(relation, null)).toBe(relation);
    expect(whereSubquery(relation, '  ')).toBe(relation);
  });
});
