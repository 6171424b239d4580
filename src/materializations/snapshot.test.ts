/** End-to-end: snapshot history (SCD type 2) on PGlite and PostgreSQL, for both strategies and every hard_deletes mode. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatsemError } from '../core/index.js';
import type { Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { openWarehouse, rows } from './__fixtures__/model-node.js';
import { snap } from './__fixtures__/snapshot-node.js';

const postgresUp = await postgresReachable();
const T1 = "timestamp '2024-05-01 08:00:00'";
const T2 = "timestamp '2024-05-02 08:00:00'";
const T3 = "timestamp '2024-05-03 08:00:00'";
const T4 = "timestamp '2024-05-04 08:00:00'";

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: snapshot`, () => {
    let adapter: Adapter;
    let s: string;
    const schemas: string[] = [];

    /** Replaces the source table's rows: `(id, name, tier, updated_at)` tuples. */
    const source = async (values: string) => {
      await adapter.query(`truncate "${s}".customers`);
      if (values) await adapter.query(`insert into "${s}".customers values ${values}`);
    };
    const run = (config: Record<string, unknown>, now?: string, sql = `select * from "${s}".customers`) => snap(adapter, s, 'customers_snapshot', config, sql, now);
    const history = (extra = '') =>
      rows(
        adapter,
        `select id, tier, dbt_valid_from::text as valid_from, dbt_valid_to::text as valid_to${extra} from "${s}".customers_snapshot ` +
          'order by id, dbt_valid_from, dbt_valid_to nulls last',
      );

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      for (const schema of schemas) await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });
    beforeEach(async () => {
      s = uniqueName('snap');
      schemas.push(s);
      await adapter.query(`create schema "${s}"`);
      await adapter.query(`create table "${s}".customers (id int, name text, tier text, updated_at timestamp)`);
    });

    const timestamp = { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' };

    it('timestamp: three runs build the valid_from / valid_to history; a rerun without changes adds nothing', async () => {
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'silver', '2024-01-01')`);
      expect(await run(timestamp)).toMatchObject({ message: 'SELECT 2', rowsAffected: 2 });
      await source(`(1, 'Ann', 'platinum', '2024-02-01'), (2, 'Bob', 'silver', '2024-01-01'), (3, 'Cy', 'bronze', '2024-02-03')`);
      expect(await run(timestamp)).toMatchObject({ message: 'INSERT 0 2', rowsAffected: 2 });
      await source(`(1, 'Ann', 'gold', '2024-03-01'), (2, 'Bob', 'gold', '2024-03-05'), (3, 'Cy', 'bronze', '2024-02-03')`);
      expect((await run(timestamp)).message).toBe('INSERT 0 2');
      const expected = [
        { id: 1, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00' },
        { id: 1, tier: 'platinum', valid_from: '2024-02-01 00:00:00', valid_to: '2024-03-01 00:00:00' },
        { id: 1, tier: 'gold', valid_from: '2024-03-01 00:00:00', valid_to: null },
        { id: 2, tier: 'silver', valid_from: '2024-01-01 00:00:00', valid_to: '2024-03-05 00:00:00' },
        { id: 2, tier: 'gold', valid_from: '2024-03-05 00:00:00', valid_to: null },
        { id: 3, tier: 'bronze', valid_from: '2024-02-03 00:00:00', valid_to: null },
      ];
      expect(await history()).toEqual(expected);
      expect((await run(timestamp)).message).toBe('INSERT 0 0');
      expect(await history()).toEqual(expected);
      // dbt's scd id: md5 of the key and updated_at, so histories built by dbt and chatsem line up.
      const ids = await rows(adapter, `select dbt_scd_id, dbt_updated_at::text as u from "${s}".customers_snapshot where id = 1 order by dbt_valid_from`);
      expect(ids[0]).toEqual({ dbt_scd_id: (await rows(adapter, "select md5('1|2024-01-01 00:00:00') as m"))[0]!.m, u: '2024-01-01 00:00:00' });
    });

    it('check: only check_cols make a new version, closed at the snapshot time', async () => {
      const config = { strategy: 'check', unique_key: 'id', check_cols: ['tier'] };
      await source(`(1, 'Ann', 'gold', null), (2, 'Bob', null, null)`);
      await run(config, T1);
      await source(`(1, 'Annie', 'gold', null), (2, 'Bob', 'silver', null)`);
      expect((await run(config, T2)).message).toBe('INSERT 0 1');
      await source(`(1, 'Annie', 'silver', null), (2, 'Bob', 'silver', null)`);
      await run(config, T3);
      expect(await history(', name')).toEqual([
        { id: 1, tier: 'gold', valid_from: '2024-05-01 08:00:00', valid_to: '2024-05-03 08:00:00', name: 'Ann' },
        { id: 1, tier: 'silver', valid_from: '2024-05-03 08:00:00', valid_to: null, name: 'Annie' },
        { id: 2, tier: null, valid_from: '2024-05-01 08:00:00', valid_to: '2024-05-02 08:00:00', name: 'Bob' },
        { id: 2, tier: 'silver', valid_from: '2024-05-02 08:00:00', valid_to: null, name: 'Bob' },
      ]);
    });

    it("check 'all': any column change makes a new version; a column new to the query is added", async () => {
      const config = { strategy: 'check', unique_key: 'id', check_cols: 'all' };
      await source(`(1, 'Ann', 'gold', null), (2, 'Bob', 'gold', null)`);
      await run(config, T1);
      await source(`(1, 'Annie', 'gold', null), (2, 'Bob', 'gold', null)`);
      expect((await run(config, T2)).message).toBe('INSERT 0 1');
      // A new column: every row gets a new version (as dbt does), older versions read null there.
      const withRegion = `select *, 'eu'::text as region from "${s}".customers`;
      expect((await run(config, T3, withRegion)).message).toBe('INSERT 0 2');
      expect((await run(config, T4, withRegion)).message).toBe('INSERT 0 0');
      expect(await history(', name, region')).toEqual([
        { id: 1, tier: 'gold', valid_from: '2024-05-01 08:00:00', valid_to: '2024-05-02 08:00:00', name: 'Ann', region: null },
        { id: 1, tier: 'gold', valid_from: '2024-05-02 08:00:00', valid_to: '2024-05-03 08:00:00', name: 'Annie', region: null },
        { id: 1, tier: 'gold', valid_from: '2024-05-03 08:00:00', valid_to: null, name: 'Annie', region: 'eu' },
        { id: 2, tier: 'gold', valid_from: '2024-05-01 08:00:00', valid_to: '2024-05-03 08:00:00', name: 'Bob', region: null },
        { id: 2, tier: 'gold', valid_from: '2024-05-03 08:00:00', valid_to: null, name: 'Bob', region: 'eu' },
      ]);
    });

    it('hard_deletes ignore (default): a deleted key keeps its current version', async () => {
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'gold', '2024-01-01')`);
      await run(timestamp, T1);
      await source(`(1, 'Ann', 'gold', '2024-01-01')`);
      expect((await run(timestamp, T2)).message).toBe('INSERT 0 0');
      expect(await history()).toEqual([
        { id: 1, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: null },
        { id: 2, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: null },
      ]);
    });

    it('hard_deletes invalidate: a deleted key is closed at the snapshot time and comes back as a new version', async () => {
      const config = { ...timestamp, hard_deletes: 'invalidate' };
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'gold', '2024-01-01')`);
      await run(config, T1);
      await source(`(1, 'Ann', 'gold', '2024-01-01')`);
      await run(config, T2);
      await run(config, T3);
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'silver', '2024-05-03')`);
      await run(config, T4);
      expect(await history()).toEqual([
        { id: 1, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: null },
        { id: 2, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: '2024-05-02 08:00:00' },
        { id: 2, tier: 'silver', valid_from: '2024-05-03 00:00:00', valid_to: null },
      ]);
    });

    it('hard_deletes new_record: a deletion record is the current version until the key re-appears', async () => {
      const config = { ...timestamp, hard_deletes: 'new_record' };
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'gold', '2024-01-01')`);
      await run(config, T1);
      await source(`(1, 'Ann', 'gold', '2024-01-01')`);
      expect((await run(config, T2)).message).toBe('INSERT 0 1');
      expect((await run(config, T3)).message).toBe('INSERT 0 0');
      await source(`(1, 'Ann', 'gold', '2024-01-01'), (2, 'Bob', 'silver', '2024-06-01')`);
      expect((await run(config, T4)).message).toBe('INSERT 0 1');
      expect(await history(', dbt_is_deleted')).toEqual([
        { id: 1, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: null, dbt_is_deleted: 'False' },
        { id: 2, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: '2024-05-02 08:00:00', dbt_is_deleted: 'False' },
        { id: 2, tier: 'gold', valid_from: '2024-05-02 08:00:00', valid_to: '2024-06-01 00:00:00', dbt_is_deleted: 'True' },
        { id: 2, tier: 'silver', valid_from: '2024-06-01 00:00:00', valid_to: null, dbt_is_deleted: 'False' },
      ]);
    });

    it('composite unique_key with null parts matches null-safely', async () => {
      const config = { strategy: 'check', unique_key: ['k1', 'k2'], check_cols: ['v'], hard_deletes: 'invalidate' };
      const sql = (v: string) => `select * from (values (1, 'x', '${v}'), (null::int, 'y', '${v}'), (null::int, null::text, '${v}'), (2, null::text, '${v}')) as t(k1, k2, v)`;
      await snap(adapter, s, 'pairs', config, sql('first'), T1);
      await snap(adapter, s, 'pairs', config, sql('first'), T2);
      expect((await snap(adapter, s, 'pairs', config, sql('second'), T3)).message).toBe('INSERT 0 4');
      const result = await rows(adapter, `select k1, k2, count(*)::int as versions, count(*) filter (where dbt_valid_to is null)::int as current from "${s}".pairs group by k1, k2 order by k1, k2`);
      expect(result).toEqual([
        { k1: 1, k2: 'x', versions: 2, current: 1 },
        { k1: 2, k2: null, versions: 2, current: 1 },
        { k1: null, k2: 'y', versions: 2, current: 1 },
        { k1: null, k2: null, versions: 2, current: 1 },
      ]);
    });

    it('dbt_valid_to_current and snapshot_meta_column_names', async () => {
      const config = {
        ...timestamp,
        dbt_valid_to_current: "'9999-12-31'::timestamp",
        snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'scd_id', dbt_updated_at: 'changed_at' },
      };
      await source(`(1, 'Ann', 'gold', '2024-01-01')`);
      await run(config);
      await source(`(1, 'Ann', 'silver', '2024-02-01')`);
      await run(config);
      expect(await rows(adapter, `select tier, valid_from::text, valid_to::text, changed_at::text from "${s}".customers_snapshot order by valid_from`)).toEqual([
        { tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00', changed_at: '2024-01-01 00:00:00' },
        { tier: 'silver', valid_from: '2024-02-01 00:00:00', valid_to: '9999-12-31 00:00:00', changed_at: '2024-02-01 00:00:00' },
      ]);
    });

    it('a duplicate key fails the run with the keys named and leaves the history unchanged', async () => {
      await source(`(1, 'Ann', 'gold', '2024-01-01')`);
      await run(timestamp);
      await source(`(1, 'Ann', 'gold', '2024-02-01'), (1, 'Ann', 'silver', '2024-02-02')`);
      const error = await run(timestamp).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatsemError);
      expect((error as ChatsemError).message).toBe(
        "snapshot customers_snapshot (snapshots/customers_snapshot.sql): unique_key id is not unique in the snapshot's query: 1 (2 rows); nothing was changed",
      );
      expect(await history()).toEqual([{ id: 1, tier: 'gold', valid_from: '2024-01-01 00:00:00', valid_to: null }]);
    });
  });
}
