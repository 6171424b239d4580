/** End-to-end: table, view, materialized view and ephemeral models on PGlite and PostgreSQL, same results on both. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatsemError, DatabaseError } from '../core/index.js';
import type { Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { build, openWarehouse, relationNames, rows, type WarehouseKind } from './__fixtures__/model-node.js';

const postgresUp = await postgresReachable();
const seen: Record<WarehouseKind, Record<string, unknown>> = { pglite: {}, postgres: {} };

const V1 = `select * from (values (1, 'a', 10.5), (2, 'b', 20.0)) as t(id, name, amount)`;
const V2 = `select * from (values (1, 'a', 11.5, true), (2, 'b', 21.0, false), (3, 'c', 31.0, true)) as t(id, name, amount, flag)`;

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: table, view and materialized view`, () => {
    let adapter: Adapter;
    let s: string;
    let r: string;
    const schemas: string[] = [];
    const record = (key: string, value: unknown) => {
      seen[kind][key] = value;
    };

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      for (const schema of schemas) await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });
    beforeEach(() => {
      s = uniqueName('mat');
      r = `${s}_rep`;
      schemas.push(r, s);
    });

    it('table: builds, rebuilds with new columns, reports SELECT n and leaves no scratch relations', async () => {
      const first = await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      expect(first).toMatchObject({ message: 'SELECT 2', rowsAffected: 2 });
      const second = await build(adapter, s, 'orders', { materialized: 'table' }, V2);
      expect(second.message).toBe('SELECT 3');
      const contents = await rows(adapter, `select * from "${s}".orders order by id`);
      expect(contents).toEqual([
        { id: 1, name: 'a', amount: '11.5', flag: true },
        { id: 2, name: 'b', amount: '21.0', flag: false },
        { id: 3, name: 'c', amount: '31.0', flag: true },
      ]);
      expect(await relationNames(adapter, s)).toEqual(['orders:table']);
      record('table rebuild', contents);
    });

    it('table: views on the rebuilt table keep answering (recreated, never cascade-dropped)', async () => {
      await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      await build(adapter, s, 'orders_v', { materialized: 'view' }, `select id, amount from "${s}".orders`);
      await adapter.query(`create schema "${r}"`);
      await adapter.query(`create view "${r}".big as select id from "${s}".orders_v where amount > 15`);
      await adapter.query(`comment on view "${r}".big is 'big orders'`);
      await adapter.query(`create materialized view "${r}".total as select sum(amount) as total from "${s}".orders`);
      await adapter.query(`create index total_idx on "${r}".total (total)`);

      await build(adapter, s, 'orders', { materialized: 'table' }, V2);

      const big = await rows(adapter, `select id from "${r}".big order by id`);
      expect(big).toEqual([{ id: 2 }, { id: 3 }]);
      expect(await rows(adapter, `select total from "${r}".total`)).toEqual([{ total: '63.5' }]);
      expect(await rows(adapter, `select obj_description('"${r}".big'::regclass, 'pg_class') as c`)).toEqual([{ c: 'big orders' }]);
      expect(await rows(adapter, `select indexname from pg_indexes where schemaname = '${r}'`)).toEqual([{ indexname: 'total_idx' }]);
      record('dependents of a rebuilt table', big);
    });

    it('view: compatible change is replaced in place, incompatible change recreates dependents', async () => {
      await build(adapter, s, 'base', { materialized: 'table' }, V2);
      await build(adapter, s, 'v', { materialized: 'view' }, `select id, name from "${s}".base`);
      await adapter.query(`create view "${s}".dep as select name from "${s}".v`);
      const oid = async () => (await rows(adapter, `select '"${s}".dep'::regclass::oid::text as oid`))[0]!.oid;
      const before = await oid();

      const replaced = await build(adapter, s, 'v', { materialized: 'view' }, `select id, name, amount from "${s}".base`);
      expect(replaced).toMatchObject({ message: 'CREATE VIEW', rowsAffected: null });
      expect(await oid()).toBe(before);

      await build(adapter, s, 'v', { materialized: 'view' }, `select id::text as id, upper(name) as name from "${s}".base`);
      expect(await oid()).not.toBe(before);
      const dep = await rows(adapter, `select name from "${s}".dep order by name`);
      expect(dep).toEqual([{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
      record('view rebuild dependents', dep);
    });

    it('a rebuild that would break a dependent view is rolled back and names the view', async () => {
      await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      await adapter.query(`create view "${s}".uses_amount as select sum(amount) as total from "${s}".orders`);
      const error = await build(adapter, s, 'orders', { materialized: 'table' }, `select 1 as id`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatsemError);
      expect((error as ChatsemError).message).toContain(`"${s}"."uses_amount"`);
      expect((error as ChatsemError).message).toContain('rolled back');
      expect(await rows(adapter, `select total from "${s}".uses_amount`)).toEqual([{ total: '30.5' }]);
      expect(await relationNames(adapter, s)).toEqual(['orders:table', 'uses_amount:view']);
    });

    it('a failing post-hook rolls the whole rebuild back', async () => {
      await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      const error = await build(adapter, s, 'orders', { materialized: 'table' }, V2, { postHooks: ['select 1/0'] }).catch((e: unknown) => e);
      expect((error as ChatsemError).message).toContain('division by zero');
      expect((error as ChatsemError).hint).toContain('post-hook 1');
      expect(await rows(adapter, `select count(*)::int as n from "${s}".orders`)).toEqual([{ n: 2 }]);
    });

    it('hooks run inside the transaction around the build, and indexes are created', async () => {
      await adapter.query(`create schema "${s}"; create table "${s}".log (msg text, n int)`);
      await build(adapter, s, 'orders', { materialized: 'table', indexes: [{ columns: ['id'], unique: true }, { columns: ['name', 'amount'] }] }, V1, {
        preHooks: [`insert into "${s}".log values ('pre', (select count(*) from pg_class where relname = 'orders' and relnamespace = '"${s}"'::regnamespace))`],
        postHooks: [`insert into "${s}".log select 'post', count(*) from "${s}".orders`],
      });
      expect(await rows(adapter, `select msg, n from "${s}".log order by msg desc`)).toEqual([{ msg: 'pre', n: 0 }, { msg: 'post', n: 2 }]);
      const indexes = await rows(adapter, `select indexdef from pg_indexes where schemaname = '${s}' and tablename = 'orders' order by indexdef`);
      expect(indexes.map((i) => String(i.indexdef).replace(/INDEX \S+ ON/, 'INDEX ON'))).toEqual([
        `CREATE INDEX ON ${s}.orders USING btree (name, amount)`,
        `CREATE UNIQUE INDEX ON ${s}.orders USING btree (id)`,
      ]);
    });

    it('leftovers of an interrupted run are dropped at the start of the next', async () => {
      await build(adapter, s, 'orders', { materialized: 'table' }, V1);
      await adapter.query(`create view "${s}".orders__chatsem_tmp as select 1 as x`);
      await adapter.query(`create table "${s}".orders__chatsem_backup as select 2 as y`);
      const result = await build(adapter, s, 'orders', { materialized: 'table' }, V2);
      expect(result.executedSql.slice(1, 3)).toEqual([
        `drop table if exists "${s}"."orders__chatsem_backup"`,
        `drop view if exists "${s}"."orders__chatsem_tmp"`,
      ]);
      expect(await relationNames(adapter, s)).toEqual(['orders:table']);
    });

    it('switches between view, table and materialized view', async () => {
      await build(adapter, s, 'm', { materialized: 'view' }, V1);
      await adapter.query(`create view "${s}".dep as select count(*)::int as n from "${s}".m`);
      await build(adapter, s, 'm', { materialized: 'table' }, V2);
      expect(await relationNames(adapter, s)).toEqual(['dep:view', 'm:table']);
      await build(adapter, s, 'm', { materialized: 'materialized_view' }, V1);
      expect(await relationNames(adapter, s)).toEqual(['dep:view', 'm:materialized_view']);
      await build(adapter, s, 'm', { materialized: 'view' }, V2);
      expect(await relationNames(adapter, s)).toEqual(['dep:view', 'm:view']);
      expect(await rows(adapter, `select n from "${s}".dep`)).toEqual([{ n: 3 }]);
    });

    it('materialized view: create, refresh, rebuild on changed SQL or full refresh, dependents kept', async () => {
      await adapter.query(`create schema "${s}"; create table "${s}".src as ${V1}`);
      const mvSql = `select id, amount from "${s}".src`;
      expect((await build(adapter, s, 'mv', { materialized: 'materialized_view', indexes: [{ columns: ['id'] }] }, mvSql)).message).toBe('SELECT 2');
      await adapter.query(`create view "${s}".dep as select count(*)::int as n from "${s}".mv`);
      await adapter.query(`insert into "${s}".src values (3, 'c', 1.0)`);
      const refreshed = await build(adapter, s, 'mv', { materialized: 'materialized_view' }, mvSql);
      expect(refreshed).toMatchObject({ message: 'REFRESH MATERIALIZED VIEW', rowsAffected: null });
      expect(await rows(adapter, `select n from "${s}".dep`)).toEqual([{ n: 3 }]);

      const changed = await build(adapter, s, 'mv', { materialized: 'materialized_view' }, `${mvSql} where id > 1`);
      expect(changed.message).toBe('SELECT 2');
      expect(await rows(adapter, `select n from "${s}".dep`)).toEqual([{ n: 2 }]);
      const full = await build(adapter, s, 'mv', { materialized: 'materialized_view' }, `${mvSql} where id > 1`, { fullRefresh: true });
      expect(full.message).toBe('SELECT 2');
      expect(full.executedSql.some((sql) => sql.startsWith('drop view'))).toBe(true);
      const dep = await rows(adapter, `select n from "${s}".dep`);
      expect(dep).toEqual([{ n: 2 }]);
      record('materialized view', dep);
    });

    it('a SQL error names the model and what chatsem was doing, and changes nothing', async () => {
      await build(adapter, s, 'v', { materialized: 'view' }, V1);
      for (const materialized of ['view', 'table']) {
        const error = await build(adapter, s, 'v', { materialized }, `select * from "${s}".missing`).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DatabaseError);
        expect((error as DatabaseError).message).toBe(`model v (models/v.sql): relation "${s}.missing" does not exist`);
        expect((error as DatabaseError).sqlState).toBe('42P01');
        expect((error as DatabaseError).node).toBe('model.chatsem.v');
      }
      expect(await relationNames(adapter, s)).toEqual(['v:view']);
    });

    it('ephemeral models run nothing; too-long names are rejected before any SQL runs', async () => {
      expect(await build(adapter, s, 'eph', { materialized: 'ephemeral' }, V1)).toEqual({ message: 'EPHEMERAL', rowsAffected: null, executedSql: [] });
      const error = await build(adapter, s, 'x'.repeat(48), { materialized: 'table' }, V1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatsemError);
      expect((error as ChatsemError).message).toContain('48 bytes');
      expect(await rows(adapter, `select count(*)::int as n from pg_namespace where nspname = '${s}'`)).toEqual([{ n: 0 }]);
    });
  });
}

describe.skipIf(!postgresUp)('PGlite and PostgreSQL', () => {
  it('produced identical contents', () => {
    expect(Object.keys(seen.postgres).length).toBeGreaterThanOrEqual(4);
    expect(seen.pglite).toEqual(seen.postgres);
  });
});
