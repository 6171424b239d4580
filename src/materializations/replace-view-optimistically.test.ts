/**
 * The one-round-trip replacement of a view from what the run already knows, on PGlite and PostgreSQL. Every scenario
 * runs twice — with `known` (the fast path) in one schema and without it (the inspected path) in another — and the
 * two must agree on the result or error, the statements recorded for target/run, and what the warehouse holds.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Relation, type DatabaseError } from '../core/index.js';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { modelNode, openWarehouse, relationNames, rows } from './__fixtures__/model-node.js';
import { materialize } from './materialize.js';
import type { KnownRelation } from './replace-view-optimistically.js';

const postgresUp = await postgresReachable();

/** Records which adapter methods materialize calls directly (calls the adapter makes on itself are not seen). */
function recording(adapter: Adapter): { adapter: Adapter; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(adapter, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof property === 'string' && ['query', 'transaction', 'withConnection', 'listRelations', 'getColumns'].includes(property)) calls.push(property);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { adapter: proxy, calls };
}

/** What a run that read the schema's relations at its start knows about `name`. */
async function knownFromCatalogue(adapter: Adapter, schema: string, name: string): Promise<KnownRelation> {
  const relations = await adapter.listRelations([schema]);
  return {
    existing: relations.find((r) => r.name === name) ?? null,
    leftovers: relations.filter((r) => r.name === `${name}__chatsem_tmp` || r.name === `${name}__chatsem_backup`),
  };
}

interface Outcome {
  result?: { message: string; rowsAffected: number | null; executedSql: string[] };
  error?: { name: string; message: string; hint?: string; sqlState?: string; node?: string };
  relations: string[];
  calls: string[];
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: a view replaced from what the run knows`, () => {
    let adapter: Adapter;
    let fast: string;
    let inspected: string;
    const schemas: string[] = [];

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      for (const schema of schemas) await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });
    const freshSchemas = () => {
      fast = uniqueName('fast');
      inspected = uniqueName('insp');
      schemas.push(fast, inspected);
    };
    beforeEach(freshSchemas);

    /** Runs `setup` in both schemas, then builds `name` from `sql` with and without `known`; schema names are masked. */
    async function both(
      setup: (schema: string) => string[],
      name: string,
      sql: (schema: string) => string,
      options: { known?: (schema: string) => Promise<KnownRelation>; preHooks?: string[]; postHooks?: string[] } = {},
    ): Promise<{ fast: Outcome; inspected: Outcome }> {
      const outcome = async (schema: string, withKnown: boolean): Promise<Outcome> => {
        await adapter.query(`create schema "${schema}"`);
        for (const statement of setup(schema)) await adapter.query(statement);
        const known = withKnown ? await (options.known ?? ((s: string) => knownFromCatalogue(adapter, s, name)))(schema) : undefined;
        const recorder = recording(adapter);
        const mask = (text: string) => text.split(schema).join('<schema>');
        const out: Omit<Outcome, 'relations'> = { calls: recorder.calls };
        try {
          const result = await materialize(recorder.adapter, {
            node: modelNode(name, { materialized: 'view' }, schema),
            sql: sql(schema),
            relation: new Relation({ schema, identifier: name }),
            fullRefresh: false,
            preHooks: options.preHooks ?? [],
            postHooks: options.postHooks ?? [],
            suffixGenerator: () => 'fixed',
            known,
          });
          out.result = { ...result, executedSql: result.executedSql.map(mask) };
        } catch (error) {
          const e = error as { name: string; message: string; hint?: string; sqlState?: string; node?: string };
          out.error = { name: e.name, message: mask(e.message), hint: e.hint && mask(e.hint), sqlState: e.sqlState, node: e.node };
        }
        return { ...out, relations: await relationNames(adapter, schema) };
      };
      return { fast: await outcome(fast, true), inspected: await outcome(inspected, false) };
    }

    const view = (schema: string, name: string, sql: string) => `create view "${schema}"."${name}" as ${sql}`;
    const base = (s: string) => `create table "${s}".base as select * from (values (1, 'a', 1.5), (2, 'b', 2.5)) as t(id, name, amount)`;

    it('a compatible change is one statement to the warehouse, with the plan the inspected path makes', async () => {
      const { fast: f, inspected: i } = await both(
        (s) => [base(s), view(s, 'v', `select id, name from "${s}".base`), view(s, 'dep', `select name from "${s}".v`)],
        'v',
        (s) => `select id, name, amount from "${s}".base`,
      );
      expect(f.calls).toEqual(['query']);
      expect(i.calls).toContain('listRelations');
      expect(f.result).toEqual(i.result);
      expect(f.result).toEqual({
        message: 'CREATE VIEW',
        rowsAffected: null,
        executedSql: ['create schema if not exists "<schema>"', 'create or replace view "<schema>"."v" as (\nselect id, name, amount from "<schema>".base\n)'],
      });
      expect(f.relations).toEqual(['base:table', 'dep:view', 'v:view']);
      expect(await rows(adapter, `select * from "${fast}".v order by id`)).toEqual(await rows(adapter, `select * from "${inspected}".v order by id`));
      expect(await rows(adapter, `select amount from "${fast}".v order by id`)).toEqual([{ amount: '1.5' }, { amount: '2.5' }]);
    });

    it('keeps the dependent views it replaces under (same oid, no drop)', async () => {
      const setup = (s: string) => [base(s), view(s, 'v', `select id, name from "${s}".base`), view(s, 'dep', `select name from "${s}".v`)];
      await adapter.query(`create schema "${fast}"`);
      for (const statement of setup(fast)) await adapter.query(statement);
      const oid = async () => (await rows(adapter, `select '"${fast}".dep'::regclass::oid::text as oid`))[0]!.oid;
      const before = await oid();
      await materialize(adapter, {
        node: modelNode('v', { materialized: 'view' }, fast),
        sql: `select id, upper(name) as name from "${fast}".base`,
        relation: new Relation({ schema: fast, identifier: 'v' }),
        fullRefresh: false,
        preHooks: [],
        postHooks: [],
        known: await knownFromCatalogue(adapter, fast, 'v'),
      });
      expect(await oid()).toBe(before);
      expect(await rows(adapter, `select name from "${fast}".dep order by name`)).toEqual([{ name: 'A' }, { name: 'B' }]);
    });

    it('a renamed or retyped column is refused by PostgreSQL and the view is swapped with its dependents recreated', async () => {
      for (const newSql of [(s: string) => `select id::text as id, name from "${s}".base`, (s: string) => `select id as key, name from "${s}".base`]) {
        const { fast: f, inspected: i } = await both(
          (s) => [base(s), view(s, 'v', `select id, name from "${s}".base`), view(s, 'dep', `select name from "${s}".v`)],
          'v',
          newSql,
        );
        expect(f.error).toBeUndefined();
        expect(f.result).toEqual(i.result);
        expect(f.result!.executedSql).toContain('drop view "<schema>"."dep"');
        expect(f.result!.executedSql.some((sql) => sql.startsWith('create view "<schema>"."dep"'))).toBe(true);
        expect(f.relations).toEqual(['base:table', 'dep:view', 'v:view']);
        expect(await rows(adapter, `select name from "${fast}".dep order by name`)).toEqual([{ name: 'a' }, { name: 'b' }]);
        expect(await rows(adapter, `select * from "${fast}".v order by 1`)).toEqual(await rows(adapter, `select * from "${inspected}".v order by 1`));
        freshSchemas();
      }
    });

    it('a dropped column a dependent view uses fails as on the inspected path, names the dependent, and changes nothing', async () => {
      const { fast: f, inspected: i } = await both(
        (s) => [base(s), view(s, 'v', `select id, amount from "${s}".base`), view(s, 'dep', `select sum(amount) as total from "${s}".v`)],
        'v',
        (s) => `select id from "${s}".base`,
      );
      expect(f.error).toEqual(i.error);
      expect(f.error!.message).toContain('"<schema>"."dep"');
      expect(f.error!.message).toContain('rolled back');
      expect(f.relations).toEqual(['base:table', 'dep:view', 'v:view']);
      expect(await rows(adapter, `select total from "${fast}".dep`)).toEqual([{ total: '4.0' }]);
      expect(await rows(adapter, `select * from "${fast}".v order by id`)).toEqual([
        { id: 1, amount: '1.5' },
        { id: 2, amount: '2.5' },
      ]);
    });

    it('a SQL error in the model reports exactly what the inspected path reports', async () => {
      const { fast: f, inspected: i } = await both((s) => [base(s), view(s, 'v', `select id from "${s}".base`)], 'v', (s) => `select * from "${s}".missing`);
      expect(f.error).toEqual(i.error);
      expect(f.error).toMatchObject({ message: 'model v (models/v.sql): relation "<schema>.missing" does not exist', sqlState: '42P01', node: 'model.chatsem.v' });
      expect(f.relations).toEqual(['base:table', 'v:view']);
    });

    it('what the run knows may be stale: the warehouse as it is decides', async () => {
      // The run believes `v` is a view, but it is a table now.
      const asTable = await both(
        (s) => [base(s), `create table "${s}".v as select 1 as id`],
        'v',
        (s) => `select id, name from "${s}".base`,
        { known: async (s) => ({ existing: { schema: s, name: 'v', type: 'view' }, leftovers: [] }) },
      );
      expect(asTable.fast.result).toEqual(asTable.inspected.result);
      expect(asTable.fast.relations).toEqual(['base:table', 'v:view']);
      freshSchemas();
      // The run believes `v` exists, but it was dropped: it is created.
      const gone = await both(
        (s) => [base(s)],
        'v',
        (s) => `select id, name from "${s}".base`,
        { known: async (s) => ({ existing: { schema: s, name: 'v', type: 'view' }, leftovers: [] }) },
      );
      expect(gone.fast.error).toBeUndefined();
      expect(gone.fast.relations).toEqual(gone.inspected.relations);
      expect(await rows(adapter, `select * from "${fast}".v order by id`)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
    });

    it('leftovers of an interrupted run are dropped in the same round trip', async () => {
      const { fast: f, inspected: i } = await both(
        (s) => [base(s), view(s, 'v', `select id from "${s}".base`), view(s, 'v__chatsem_tmp', 'select 1 as x'), `create table "${s}".v__chatsem_backup as select 2 as y`],
        'v',
        (s) => `select id, name from "${s}".base`,
      );
      expect(f.calls).toEqual(['query']);
      expect(f.result).toEqual(i.result);
      expect(f.result!.executedSql.slice(1, 3)).toEqual(['drop table if exists "<schema>"."v__chatsem_backup"', 'drop view if exists "<schema>"."v__chatsem_tmp"']);
      expect(f.relations).toEqual(['base:table', 'v:view']);
    });

    it('a model with hooks, a table, or a view replacing another kind of relation takes the inspected path', async () => {
      const hooked = await both((s) => [base(s), view(s, 'v', `select id from "${s}".base`)], 'v', (s) => `select id, name from "${s}".base`, {
        postHooks: ['select 1'],
      });
      expect(hooked.fast.calls).toContain('listRelations');
      expect(hooked.fast.result).toEqual(hooked.inspected.result);
      expect(hooked.fast.result!.executedSql.at(-1)).toBe('select 1');

      freshSchemas();
      const fromTable = await both((s) => [base(s), `create table "${s}".v as select 1 as id`], 'v', (s) => `select id, name from "${s}".base`);
      expect(fromTable.fast.calls).toContain('listRelations');
      expect(fromTable.fast.result).toEqual(fromTable.inspected.result);
      expect(fromTable.fast.relations).toEqual(['base:table', 'v:view']);
    });
  });
}

// A second session holds a lock on the view: PostgreSQL only (PGlite has one session).
describe.skipIf(!postgresUp)('postgres: a cancelled replacement', () => {
  it('ends the node with the error of the inspected path instead of trying the inspected path', async () => {
    const url = new URL(postgresTestUrl());
    const schema = uniqueName('cancel');
    // One connection, so the session setting below applies to every statement materialize sends.
    const adapter = await createAdapter({ type: 'postgres', host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), database: url.pathname.slice(1), schema: 'main', threads: 1 });
    const holder = new pg.Client({ connectionString: postgresTestUrl() });
    await holder.connect();
    try {
      await adapter.query(`create schema "${schema}"; create view "${schema}".v as select 1 as id`);
      await holder.query(`begin; lock table "${schema}".v in access exclusive mode`);
      await adapter.query('set statement_timeout = 300');
      const attempt = async (withKnown: boolean) => {
        const recorder = recording(adapter);
        const error: DatabaseError = await materialize(recorder.adapter, {
          node: modelNode('v', { materialized: 'view' }, schema),
          sql: 'select 1 as id, 2 as extra',
          relation: new Relation({ schema, identifier: 'v' }),
          fullRefresh: false,
          preHooks: [],
          postHooks: [],
          known: withKnown ? { existing: { schema, name: 'v', type: 'view' }, leftovers: [] } : undefined,
        }).then(
          () => expect.fail('the replacement should have been cancelled'),
          (e: unknown) => e as DatabaseError,
        );
        return { calls: recorder.calls, error: { message: error.message, hint: error.hint, sqlState: error.sqlState } };
      };
      const fast = await attempt(true);
      const inspected = await attempt(false);
      expect(fast.calls).toEqual(['query']);
      expect(fast.error).toEqual(inspected.error);
      expect(fast.error).toMatchObject({ sqlState: '57014', hint: 'while chatsem tried to replace the view in place' });
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
      await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    }
  });
});
