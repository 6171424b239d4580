/** End-to-end: incremental strategies and on_schema_change on PGlite and PostgreSQL, same results on both. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatsemError } from '../core/index.js';
import type { Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { build, openWarehouse, relationNames, rows, type WarehouseKind } from './__fixtures__/model-node.js';

const postgresUp = await postgresReachable();
const seen: Record<WarehouseKind, Record<string, unknown>> = { pglite: {}, postgres: {} };

const values = (list: string, columns: string) => `select * from (values ${list}) as t(${columns})`;
const KEYED = values(`(1, 'x', 'first'), (null::int, 'y', 'first'), (null::int, null::text, 'first'), (2, null::text, 'first')`, 'k1, k2, v');

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: incremental`, () => {
    let adapter: Adapter;
    let s: string;
    const schemas: string[] = [];
    const record = (key: string, value: unknown) => {
      seen[kind][key] = value;
    };
    const inc = (config: Record<string, unknown>, sql: string, options = {}) =>
      build(adapter, s, 'target', { materialized: 'incremental', ...config }, sql, options);
    const contents = (order = '1, 2, 3') => rows(adapter, `select * from "${s}".target order by ${order}`);

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      for (const schema of schemas) await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });
    beforeEach(() => {
      s = uniqueName('inc');
      schemas.push(s);
    });

    it('first run builds the table, later runs append', async () => {
      expect((await inc({}, values(`(1, 'a')`, 'id, name'))).message).toBe('SELECT 1');
      const second = await inc({}, values(`(2, 'b'), (3, 'c')`, 'id, name'));
      expect(second).toMatchObject({ message: 'INSERT 0 2', rowsAffected: 2 });
      const result = await contents('1');
      expect(result).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }]);
      record('append', result);
    });

    for (const strategy of ['delete+insert', 'merge'] as const) {
      it(`${strategy}: null parts in a composite unique_key never duplicate rows`, async () => {
        const config = { unique_key: ['k1', 'k2'], incremental_strategy: strategy };
        await inc(config, KEYED);
        await inc(config, KEYED.replaceAll("'first'", "'second'"));
        const third = await inc(config, KEYED.replaceAll("'first'", "'third'"));
        expect(third.message).toBe(strategy === 'merge' ? 'MERGE 4' : 'INSERT 0 4');
        const result = await contents('k1 nulls last, k2 nulls last');
        expect(result).toEqual([
          { k1: 1, k2: 'x', v: 'third' },
          { k1: 2, k2: null, v: 'third' },
          { k1: null, k2: 'y', v: 'third' },
          { k1: null, k2: null, v: 'third' },
        ]);
        record(`${strategy} null keys`, result);
      });
    }

    it('delete+insert: a single key with nulls, updated rows and new rows', async () => {
      await inc({ unique_key: 'id' }, values(`(1, 'a'), (null::int, 'n'), (2, 'b')`, 'id, name'));
      await inc({ unique_key: 'id' }, values(`(2, 'B'), (null::int, 'N'), (3, 'C')`, 'id, name'));
      const result = await contents('1 nulls last');
      expect(result).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'B' }, { id: 3, name: 'C' }, { id: null, name: 'N' }]);
      record('delete+insert single key', result);
    });

    it('incremental_predicates limit what is replaced', async () => {
      const config = { unique_key: 'id', incremental_predicates: ['DBT_INTERNAL_DEST.id > 1'] };
      await inc(config, values(`(1, 'a'), (2, 'b')`, 'id, name'));
      await inc(config, values(`(1, 'A'), (2, 'B')`, 'id, name'));
      expect(await contents('1, 2')).toEqual([{ id: 1, name: 'A' }, { id: 1, name: 'a' }, { id: 2, name: 'B' }]);
    });

    it('replace: every row of an affected partition is replaced, so stale rows disappear', async () => {
      const config = { incremental_strategy: 'replace', partition_key: 'sender_id' };
      await inc(config, values(`('s1', 1, 'hi'), ('s1', 2, 'order'), ('s1', 3, 'bye'), ('s2', 1, 'hey'), (null, 1, 'anon')`, 'sender_id, turn, text'));
      // s1 was re-sessionised: its turns shifted and one vanished; s2 and the null sender are untouched.
      await inc(config, values(`('s1', 1, 'hi'), ('s1', 2, 'bye')`, 'sender_id, turn, text'));
      const result = await contents('1 nulls last, 2');
      expect(result).toEqual([
        { sender_id: 's1', turn: 1, text: 'hi' },
        { sender_id: 's1', turn: 2, text: 'bye' },
        { sender_id: 's2', turn: 1, text: 'hey' },
        { sender_id: null, turn: 1, text: 'anon' },
      ]);
      record('replace', result);
    });

    it('replace with partition_scope: keys listed in the scope are replaced even without new rows', async () => {
      await adapter.query(`create schema "${s}"; create table "${s}".affected (sender_id text)`);
      const scope = { database: null, schema: s, identifier: 'affected', type: 'table' };
      const config = { incremental_strategy: 'replace', partition_key: 'Sender_Id', partition_scope: scope };
      await inc(config, values(`('s1', 1), ('s2', 1), ('s3', 1)`, 'sender_id, turn'));
      await adapter.query(`insert into "${s}".affected values ('s1'), ('s3')`);
      await inc(config, values(`('s1', 7)`, 'sender_id, turn'));
      const result = await contents('1');
      expect(result).toEqual([{ sender_id: 's1', turn: 7 }, { sender_id: 's2', turn: 1 }]);
      record('replace scope', result);
    });

    it('replace with partition_scope reading its own target computes the new rows before deleting', async () => {
      await adapter.query(`create schema "${s}"; create table "${s}".affected (sender_id text)`);
      const scope = { database: null, schema: s, identifier: 'affected', type: 'table' };
      const config = { incremental_strategy: 'replace', partition_key: 'sender_id', partition_scope: scope };
      await inc(config, values(`('s1', 1), ('s2', 1)`, 'sender_id, turn'));
      await adapter.query(`insert into "${s}".affected values ('s1')`);
      await inc(config, `select sender_id, turn + 10 as turn from "${s}".target where sender_id in (select sender_id from "${s}".affected)`);
      const result = await contents('1');
      expect(result).toEqual([{ sender_id: 's1', turn: 11 }, { sender_id: 's2', turn: 1 }]);
      record('replace scope reads itself', result);
    });

    it('a table whose key is not indexed gets the index on its next incremental run', async () => {
      const config = { incremental_strategy: 'replace', partition_key: 'sender_id' };
      const keyIndexes = async () =>
        (await rows(adapter, `select indexdef from pg_indexes where schemaname = '${s}' and tablename = 'target'`)).map((row) => String(row.indexdef).replace(/^.* USING /, ''));
      await inc(config, values(`('s1', 1), ('s2', 1)`, 'sender_id, turn'));
      expect(await keyIndexes()).toEqual(['btree (sender_id)']);
      // As left by an earlier version that indexed another column.
      await adapter.query(`drop index "${s}".${(await rows(adapter, `select indexname from pg_indexes where schemaname = '${s}'`))[0]!.indexname}; create index on "${s}".target (turn)`);
      await inc(config, values(`('s1', 5)`, 'sender_id, turn'));
      expect((await keyIndexes()).sort()).toEqual(['btree (sender_id)', 'btree (turn)']);
      await inc(config, values(`('s2', 6)`, 'sender_id, turn'));
      expect(await keyIndexes()).toHaveLength(2);
      expect(await contents('1')).toEqual([{ sender_id: 's1', turn: 5 }, { sender_id: 's2', turn: 6 }]);
    });

    it('on_schema_change: fail lists added, removed and changed columns', async () => {
      await inc({ on_schema_change: 'fail' }, values(`(1, 'a', 'n')`, 'id, name, note'));
      const error = await inc({ on_schema_change: 'fail' }, `select 2 as id, 'b'::varchar(10) as name, true as flag`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChatsemError);
      const message = (error as ChatsemError).message;
      expect(message).toContain('added: "flag" boolean');
      expect(message).toContain('removed: "note" text');
      expect(message).toContain('changed: "name" text -> character varying(10)');
      expect(await contents('1')).toEqual([{ id: 1, name: 'a', note: 'n' }]);
    });

    it('on_schema_change: ignore skips new columns and refuses missing ones', async () => {
      await inc({}, values(`(1, 'a')`, 'id, name'));
      await inc({}, `select 2 as id, 'b' as name, true as flag`);
      expect(await contents('1')).toEqual([{ id: 1, name: 'a' }, { id: 2, name: 'b' }]);
      const error = await inc({}, `select 3 as id`).catch((e: unknown) => e);
      expect((error as ChatsemError).message).toContain('no longer returns column(s) "name"');
    });

    it('on_schema_change: append_new_columns adds columns and keeps removed ones', async () => {
      await inc({ on_schema_change: 'append_new_columns' }, values(`(1, 'a')`, 'id, name'));
      await inc({ on_schema_change: 'append_new_columns' }, `select 2 as id, true as flag`);
      const result = await contents('1');
      expect(result).toEqual([{ id: 1, name: 'a', flag: null }, { id: 2, name: null, flag: true }]);
      record('append_new_columns', result);
    });

    it('on_schema_change: sync_all_columns adds, drops and retypes columns, keeping dependent views', async () => {
      const config = { unique_key: 'id', on_schema_change: 'sync_all_columns' };
      await inc(config, values(`(1, '10', 'n')`, 'id, amount, note'));
      await adapter.query(`create view "${s}".dep as select id, amount from "${s}".target`);
      await inc(config, `select 2 as id, 20 as amount, true as flag`);
      const result = await contents('1');
      expect(result).toEqual([{ id: 1, amount: 10, flag: null }, { id: 2, amount: 20, flag: true }]);
      expect(await rows(adapter, `select sum(amount)::int as total from "${s}".dep`)).toEqual([{ total: 30 }]);
      const types = await rows(adapter, `select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = '"${s}".dep'::regclass and attname = 'amount'`);
      expect(types).toEqual([{ t: 'integer' }]);
      record('sync_all_columns', result);
    });

    it('full_refresh: false protects a model from --full-refresh; without it the table is rebuilt', async () => {
      await inc({ full_refresh: false }, values(`(1)`, 'id'));
      const protectedRun = await inc({ full_refresh: false }, values(`(2)`, 'id'), { fullRefresh: true });
      expect(protectedRun.message).toBe('INSERT 0 1');
      expect(await contents('1')).toEqual([{ id: 1 }, { id: 2 }]);
      const rebuilt = await inc({}, values(`(3)`, 'id'), { fullRefresh: true });
      expect(rebuilt.message).toBe('SELECT 1');
      expect(await contents('1')).toEqual([{ id: 3 }]);
    });

    it('an existing view is replaced by a table', async () => {
      await build(adapter, s, 'target', { materialized: 'view' }, values(`(1)`, 'id'));
      expect((await inc({}, values(`(2)`, 'id'))).message).toBe('SELECT 1');
      expect(await relationNames(adapter, s)).toEqual(['target:table']);
    });

    it('config mistakes are reported before any SQL runs', async () => {
      const bad = await inc({ incremental_strategy: 'insert_overwrite' }, values(`(1)`, 'id')).catch((e: unknown) => e);
      expect((bad as ChatsemError).message).toContain('incremental_strategy "insert_overwrite" is not supported');
      expect((bad as ChatsemError).hint).toBe('Use one of append, delete+insert, merge, replace.');
      await inc({ unique_key: 'id' }, values(`(1)`, 'id'));
      const typo = await inc({ unique_key: 'idd' }, values(`(1)`, 'id')).catch((e: unknown) => e);
      expect((typo as ChatsemError).message).toContain("unique_key 'idd' is not a column");
    });
  });
}

describe.skipIf(!postgresUp)('PGlite and PostgreSQL', () => {
  it('produced identical contents', () => {
    expect(Object.keys(seen.postgres).length).toBeGreaterThanOrEqual(8);
    expect(seen.pglite).toEqual(seen.postgres);
  });
});
