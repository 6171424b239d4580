import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import type { FreshnessRule } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { makeSource } from './__fixtures__/nodes.js';
import { openWarehouse, WAREHOUSES } from './__fixtures__/warehouses.js';
import { checkFreshness } from './index.js';

const skipPostgres = !(await postgresReachable());

const rule: FreshnessRule = { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 1, period: 'day' }, filter: null };

for (const kind of WAREHOUSES) {
  describe.skipIf(kind === 'postgres' && skipPostgres)(`${kind}: source freshness`, () => {
    let adapter: Adapter;
    let schema: string;
    const source = (overrides: { loaded_at_field?: string | null; freshness?: FreshnessRule | null } = {}) =>
      makeSource({ source_name: 'rasa', name: 'events', schema, loaded_at_field: '_loaded_at', freshness: rule, ...overrides });
    const loadedAgo = async (...intervals: string[]) => {
      await adapter.query(`truncate "${schema}".events`);
      for (const interval of intervals) {
        await adapter.query(`insert into "${schema}".events values (now() - interval '${interval}', (now() at time zone 'UTC') - interval '${interval}', 'user')`);
      }
    };

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter?.close();
    });
    beforeEach(async () => {
      schema = uniqueName('chatsem_fresh');
      await adapter.query(`create schema "${schema}"`);
      await adapter.query(`create table "${schema}".events (_loaded_at timestamptz, naive_loaded_at timestamp, kind text)`);
    });
    afterEach(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
    });

    it('passes, warns and errors by the age of the newest row', async () => {
      await loadedAgo('1 hour', '3 days');
      const pass = await checkFreshness(adapter, source());
      expect(pass).toMatchObject({ unique_id: 'source.proj.rasa.events', status: 'pass', message: '' });
      expect(pass.max_loaded_at_time_ago_in_s).toBeGreaterThan(3500);
      expect(pass.max_loaded_at_time_ago_in_s).toBeLessThan(3 * 3600);
      expect(Date.parse(pass.snapshotted_at!) - Date.parse(pass.max_loaded_at!)).toBeGreaterThan(3500 * 1000);
      expect(pass.criteria).toEqual({ warn_after: { count: 12, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null });

      await loadedAgo('13 hours');
      const warn = await checkFreshness(adapter, source());
      expect(warn.status).toBe('warn');
      expect(warn.message).toMatch(/^newest _loaded_at is 13\.\d hours old \(warn after 12 hours\)$/);

      await loadedAgo('2 days');
      expect(await checkFreshness(adapter, source())).toMatchObject({ status: 'error', message: expect.stringMatching(/^newest _loaded_at is 2\.0 days old \(error after 1 day\)$/) });
    });

    it('treats a timestamp without time zone as UTC', async () => {
      await loadedAgo('13 hours');
      expect((await checkFreshness(adapter, source({ loaded_at_field: 'naive_loaded_at' }))).status).toBe('warn');
    });

    it('applies the filter and warns only when only warn_after is set', async () => {
      await loadedAgo('2 hours', '30 hours');
      await adapter.query(`update "${schema}".events set kind = 'bot' where _loaded_at > now() - interval '3 hours'`);
      expect((await checkFreshness(adapter, source({ freshness: { ...rule, filter: "kind = 'user'" } }))).status).toBe('error');
      expect((await checkFreshness(adapter, source({ freshness: { warnAfter: { count: 1, period: 'day' }, errorAfter: null, filter: "kind = 'user'" } }))).status).toBe('warn');
    });

    it('is a runtime error for an empty table, a missing table and no loaded_at_field', async () => {
      const empty = await checkFreshness(adapter, source());
      expect(empty.status).toBe('runtime error');
      expect(empty.message).toBe(`source rasa.events: _loaded_at is null in every row of "${schema}"."events" — is the table empty?`);
      expect(empty.snapshotted_at).not.toBeNull();

      const missing = await checkFreshness(adapter, makeSource({ source_name: 'rasa', name: 'slots', schema, loaded_at_field: '_loaded_at', freshness: rule }));
      expect(missing.status).toBe('runtime error');
      expect(missing.message).toMatch(/^table slots not found in schema .* for source freshness\) — did you load data with `chatsem load`/);

      const noField = await checkFreshness(adapter, source({ loaded_at_field: null }));
      expect(noField.message).toBe('source rasa.events has freshness rules but no loaded_at_field');
    });
  });
}
