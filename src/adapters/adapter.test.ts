import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from '../core/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from './index.js';

const postgresUp = await postgresReachable();

function openAdapter(kind: 'pglite' | 'postgres', options: { copyChunkBytes?: number } = {}): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'main' }, options);
  const url = new URL(postgresTestUrl());
  return createAdapter({
    type: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.slice(1),
    schema: 'main',
    threads: 4,
  });
}

function collect(): { sink: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  return { sink, text: () => Buffer.concat(parts).toString('utf8') };
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind} adapter`, () => {
    let adapter: Adapter;
    let schema: string;
    const schemas: string[] = [];

    beforeAll(async () => {
      // Small chunks so that PGlite's copyFrom really runs several COPY statements.
      adapter = await openAdapter(kind, { copyChunkBytes: 64 });
    });
    afterAll(async () => {
      for (const name of schemas) await adapter.query(`drop schema if exists "${name}" cascade`);
      await adapter.close();
    });
    beforeEach(async () => {
      schema = uniqueName('adapter');
      schemas.push(schema);
      await adapter.createSchema(schema);
    });

    it('runs queries with parameters and reports the command tag', async () => {
      await adapter.query(`create table "${schema}".t (id int, name text)`);
      const insert = await adapter.query(`insert into "${schema}".t values ($1, $2), ($3, $4)`, [1, 'a', 2, 'b']);
      expect(insert).toMatchObject({ command: 'INSERT', rowCount: 2 });
      const select = await adapter.query<{ id: number; name: string }>(`select id, name from "${schema}".t where id = $1`, [2]);
      expect(select.rows).toEqual([{ id: 2, name: 'b' }]);
      expect(select.fields.map((field) => field.name)).toEqual(['id', 'name']);
      expect(select.command).toBe('SELECT');
    });

    it('returns the same JavaScript values on both warehouses', async () => {
      const result = await adapter.query(
        `select 9007199254740993::int8 as big, 1.50::numeric as dec, '2024-03-01'::date as day, 2::int as small, '{"a":1}'::json as doc`,
      );
      expect(result.rows[0]).toEqual({ big: '9007199254740993', dec: '1.50', day: new Date(2024, 2, 1), small: 2, doc: { a: 1 } });
    });

    it('runs several statements in one call and returns the last result', async () => {
      const result = await adapter.query(`create table "${schema}".m (x int); insert into "${schema}".m values (7); select x from "${schema}".m`);
      expect(result.rows).toEqual([{ x: 7 }]);
    });

    it('turns statement failures into DatabaseError with SQLSTATE and position', async () => {
      const error = await adapter.query(`select * from "${schema}".missing`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error).toMatchObject({ sqlState: '42P01', position: 15, statement: `select * from "${schema}".missing` });
      expect((error as Error).message).toContain('missing');
    });

    it('commits a transaction and rolls it back when the callback throws', async () => {
      await adapter.query(`create table "${schema}".t (id int)`);
      await adapter.transaction(async (connection) => {
        await connection.query(`insert into "${schema}".t values (1)`);
      });
      const failure = adapter.transaction(async (connection) => {
        await connection.query(`insert into "${schema}".t values (2)`);
        await connection.query(`create table "${schema}".ddl_inside (x int)`);
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      const rows = await adapter.query(`select id from "${schema}".t order by id`);
      expect(rows.rows).toEqual([{ id: 1 }]);
      expect((await adapter.listRelations([schema])).map((relation) => relation.name)).toEqual(['t']);
    });

    it('turns a nested transaction into a savepoint that rolls back alone', async () => {
      await adapter.query(`create table "${schema}".t (id int)`);
      await adapter.transaction(async (connection) => {
        await connection.query(`insert into "${schema}".t values (1)`);
        await expect(
          adapter.transaction(async (inner) => {
            await inner.query(`insert into "${schema}".t values (2)`);
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        // An adapter-level call inside the transaction runs on the same connection and sees its rows.
        const seen = await adapter.query(`select count(*)::int as n from "${schema}".t`);
        expect(seen.rows).toEqual([{ n: 1 }]);
      });
      expect((await adapter.query(`select id from "${schema}".t`)).rows).toEqual([{ id: 1 }]);
    });

    it('keeps concurrent transactions apart', async () => {
      await adapter.query(`create table "${schema}".log (who text, step int)`);
      const work = (who: string) =>
        adapter.transaction(async (connection) => {
          for (let step = 0; step < 3; step++) {
            await connection.query(`insert into "${schema}".log values ($1, $2)`, [who, step]);
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          if (who === 'b') throw new Error('b fails');
        });
      const results = await Promise.allSettled([work('a'), work('b'), work('c')]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const rows = await adapter.query<{ who: string; n: number }>(`select who, count(*)::int as n from "${schema}".log group by who order by who`);
      expect(rows.rows).toEqual([
        { who: 'a', n: 3 },
        { who: 'c', n: 3 },
      ]);
    });

    it('round-trips rows through copyFrom and copyTo, fed in many small pieces', async () => {
      await adapter.query(`create table "${schema}".c (id int, note text)`);
      const lines = ['id,note'];
      for (let id = 1; id <= 200; id++) lines.push(id % 10 === 0 ? `${id},"multi\nline, ""quoted"""` : `${id},row ${id}`);
      const text = lines.join('\n') + '\n';
      // Pieces that cut through records and quoted newlines.
      const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
      const copied = await adapter.copyFrom(`copy "${schema}".c (id, note) from stdin with (format csv, header true)`, Readable.from(pieces));
      expect(copied).toBe(200);
      const check = await adapter.query<{ n: number; quoted: string }>(
        `select count(*)::int as n, max(note) filter (where id = 10) as quoted from "${schema}".c`,
      );
      expect(check.rows[0]).toEqual({ n: 200, quoted: 'multi\nline, "quoted"' });

      const out = collect();
      const written = await adapter.copyTo(`copy (select * from "${schema}".c order by id) to stdout with (format csv, header true)`, out.sink);
      expect(written).toBe(200);
      expect(out.text()).toBe(text);
    });

    it('loads text-format COPY from an async iterable of strings', async () => {
      await adapter.query(`create table "${schema}".t (id int, note text)`);
      async function* rows() {
        for (let id = 0; id < 50; id++) yield `${id}\tline\\nbreak ${id}\n`;
      }
      expect(await adapter.copyFrom(`copy "${schema}".t from stdin`, rows())).toBe(50);
      const result = await adapter.query(`select note from "${schema}".t where id = 3`);
      expect(result.rows).toEqual([{ note: 'line\nbreak 3' }]);
    });

    it('loads nothing when one chunk of a copy is bad', async () => {
      await adapter.query(`create table "${schema}".t (id int)`);
      const body = Array.from({ length: 100 }, (_, index) => (index === 90 ? 'oops' : String(index))).join('\n');
      const error = await adapter.copyFrom(`copy "${schema}".t from stdin with (format csv)`, Readable.from([body])).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).sqlState).toBe('22P02');
      expect((await adapter.query(`select count(*)::int as n from "${schema}".t`)).rows).toEqual([{ n: 0 }]);
    });

    it('lists only the relations of the schemas asked for, with format_type column types', async () => {
      const other = uniqueName('adapter_other');
      schemas.push(other);
      await adapter.createSchema(other);
      await adapter.query(`create table "${schema}".t (id bigint, price numeric(10,2), label varchar(20), at timestamp)`);
      await adapter.query(`create view "${schema}".v as select id from "${schema}".t`);
      await adapter.query(`create materialized view "${schema}".mv as select id from "${schema}".t`);
      await adapter.query(`create table "${other}".elsewhere (x int)`);
      await adapter.query(`alter table "${schema}".t drop column price`);
      expect(await adapter.listRelations([schema])).toEqual([
        { schema, name: 'mv', type: 'materialized_view' },
        { schema, name: 't', type: 'table' },
        { schema, name: 'v', type: 'view' },
      ]);
      expect(await adapter.listRelations([])).toEqual([]);
      expect(await adapter.getColumns(schema, 't')).toEqual([
        { name: 'id', dataType: 'bigint', ordinal: 1 },
        { name: 'label', dataType: 'character varying(20)', ordinal: 2 },
        { name: 'at', dataType: 'timestamp without time zone', ordinal: 3 },
      ]);
      expect(await adapter.getColumns(schema, 'absent')).toEqual([]);
    });

    it('creates and detects schemas', async () => {
      const fresh = uniqueName('adapter_new');
      schemas.push(fresh);
      expect(await adapter.schemaExists(fresh)).toBe(false);
      await adapter.createSchema(fresh);
      await adapter.createSchema(fresh);
      expect(await adapter.schemaExists(fresh)).toBe(true);
    });

    it('reports capability flags and the server version', async () => {
      const version = await adapter.serverVersion();
      expect(version).toBeGreaterThanOrEqual(140000);
      expect(adapter.capabilities).toEqual(
        kind === 'pglite'
          ? { multipleConnections: false, transactionalDdl: true, merge: true, advisoryLocks: false }
          : { multipleConnections: true, transactionalDdl: true, merge: version >= 150000, advisoryLocks: true },
      );
      expect(adapter.threads).toBe(kind === 'pglite' ? 1 : 4);
      expect(adapter.defaultSchema).toBe('main');
      expect(adapter.quoteIdentifier('a"b')).toBe('"a""b"');
      expect(adapter.description).toMatch(kind === 'pglite' ? /^pglite/ : /^postgres:\/\/[^:@]+@/);
    });

    // Only PGlite queues callers for its single session; PostgreSQL's pool has no such queue to cancel.
    if (kind === 'pglite') {
      it('cancel() refuses callers still waiting for the single session', async () => {
        let release = () => undefined as void;
        const held = adapter.withConnection(() => new Promise<void>((resolve) => (release = resolve)));
        const waiting = adapter.query('select 1 as one');
        await adapter.cancel();
        release();
        await held;
        await expect(waiting).rejects.toThrow(/Cancelled/);
        expect((await adapter.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
      });
    }

    it('writes copyTo output to any writable', async () => {
      const through = new PassThrough();
      const chunks: string[] = [];
      through.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
      const count = await adapter.copyTo(`copy (select g from generate_series(1, 3) g) to stdout`, through);
      expect(count).toBe(3);
      expect(chunks.join('')).toBe('1\n2\n3\n');
    });
  });
}
