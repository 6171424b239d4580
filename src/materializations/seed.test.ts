import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatsemError, DatabaseError, describeError, Relation } from '../core/index.js';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { loadSeed } from './seed.js';
import type { SeedConfig } from './seed-types.js';

const postgresUp = await postgresReachable();
const dir = makeTempDir('chatsem-seed-');
afterAll(() => dir.remove());

function openAdapter(kind: 'pglite' | 'postgres'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'main' });
  const url = new URL(postgresTestUrl());
  return createAdapter({
    type: 'postgres',
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: url.pathname.slice(1),
    schema: 'main',
  });
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: loadSeed`, () => {
    let adapter: Adapter;
    let schema: string;
    const schemas: string[] = [];

    beforeAll(async () => {
      adapter = await openAdapter(kind);
    });
    afterAll(async () => {
      for (const name of schemas) await adapter.query(`drop schema if exists "${name}" cascade`);
      await adapter.close();
    });
    beforeEach(() => {
      schema = uniqueName('seed');
      schemas.push(schema);
    });

    function csv(name: string, text: string): string {
      const path = join(dir.path, `${kind}-${schema}-${name}.csv`);
      writeFileSync(path, text);
      return path;
    }

    function seed(filePath: string, options: { name?: string; config?: SeedConfig; fullRefresh?: boolean } = {}) {
      const relation = new Relation({ schema, identifier: options.name ?? 'codes' });
      return loadSeed(adapter, { filePath, relation, config: options.config ?? {}, fullRefresh: options.fullRefresh ?? false, displayPath: 'seeds/codes.csv' });
    }

    async function types(name = 'codes'): Promise<Record<string, string>> {
      const columns = await adapter.getColumns(schema, name);
      return Object.fromEntries(columns.map((column) => [column.name, column.dataType]));
    }

    it('infers types only when every value parses cleanly; codes stay text', async () => {
      const file = csv(
        'infer',
        [
          'id,big,amount,flag,day,at,at_tz,code,ref,sci,weekday,plus,padded,nothing',
          '1,3000000000,1.50,true,2024-01-31,2024-01-31 10:00:00,2024-01-31T10:00:00Z,00123,29051_00040,1e5,SAT,+5,12,',
          '2,-4,2,FALSE,2024-02-29,2024-02-01T11:00,2024-02-01 11:00:00+02:00,00456,29051_00041,2e3,SUN,+6, 13,',
          '3,,-0.25,,2023-12-01,2024-03-01,,77,X1,3,MON,7,14,',
        ].join('\n') + '\n',
      );
      const result = await seed(file);
      expect(result).toMatchObject({ message: 'INSERT 3', rowsAffected: 3, action: 'created' });
      expect(await types()).toEqual({
        id: 'integer',
        big: 'bigint',
        amount: 'numeric',
        flag: 'boolean',
        day: 'date',
        at: 'timestamp without time zone',
        at_tz: 'timestamp with time zone',
        code: 'text',
        ref: 'text',
        sci: 'text',
        weekday: 'text',
        plus: 'text',
        padded: 'text',
        nothing: 'text',
      });
      const rows = await adapter.query(`select code, ref, padded, big, nothing from "${schema}".codes order by id`);
      expect(rows.rows[0]).toEqual({ code: '00123', ref: '29051_00040', padded: '12', big: '3000000000', nothing: null });
      expect(rows.rows[1]).toMatchObject({ padded: ' 13' });
    });

    it('uses column_types over inference', async () => {
      const file = csv('declared', 'id,code,label\n1,00123,a\n2,00456,b\n');
      const result = await seed(file, { config: { column_types: { id: 'bigint', code: 'varchar(5)' } } });
      expect(result.columns).toEqual([
        { name: 'id', type: 'bigint', inferred: false },
        { name: 'code', type: 'varchar(5)', inferred: false },
        { name: 'label', type: 'text', inferred: true },
      ]);
      expect(await types()).toEqual({ id: 'bigint', code: 'character varying(5)', label: 'text' });
    });

    it('names the file and line when a declared type does not fit a value', async () => {
      const file = csv('misfit', 'id,word\n1,ok\n2,7\n');
      const error = await seed(file, { config: { column_types: { word: 'integer' } } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseError);
      expect(describeError(error as DatabaseError)).toMatch(/^Seed file seeds\/codes\.csv line 2: invalid input syntax for type integer/);
      expect(describeError(error as DatabaseError)).toContain('column_types');
      expect(await adapter.listRelations([schema])).toEqual([]);
    });

    it('rejects column_types entries that match no header column', async () => {
      const file = csv('unknown', 'id\n1\n');
      await expect(seed(file, { config: { column_types: { ID: 'int' } } })).rejects.toThrow(/column_types names "ID", which is not in the header/);
    });

    it('loads empty values, quoted or not, as NULL, and keeps quoted delimiters and newlines', async () => {
      const file = csv('nulls', 'id;note;n\n1;;\n2;"";""\n3;"a;b\nc ""q""";4\n');
      await seed(file, { config: { delimiter: ';' } });
      const rows = await adapter.query(`select id, note, n from "${schema}".codes order by id`);
      expect(rows.rows).toEqual([
        { id: 1, note: null, n: null },
        { id: 2, note: null, n: null },
        { id: 3, note: 'a;b\nc "q"', n: 4 },
      ]);
    });

    it('folds names when quote_columns is false and keeps them as written otherwise', async () => {
      await seed(csv('folded', 'Id,Label\n1,x\n'), { config: { quote_columns: false } });
      expect(await types()).toEqual({ id: 'integer', label: 'text' });
      await seed(csv('kept', 'Id,Label\n1,x\n'), { name: 'kept' });
      expect(await types('kept')).toEqual({ Id: 'integer', Label: 'text' });
    });

    it('truncates and reloads in place, so a dependent view keeps working; full refresh does too while views depend', async () => {
      await seed(csv('v1', 'id,label\n1,a\n2,b\n'));
      await adapter.query(`create view "${schema}".labels as select label from "${schema}".codes`);
      const reload = await seed(csv('v2', 'id,label\n3,c\n4,d\n5,e\n'));
      expect(reload).toMatchObject({ message: 'INSERT 3', action: 'truncated' });
      expect((await adapter.query(`select label from "${schema}".labels order by 1`)).rows).toEqual([{ label: 'c' }, { label: 'd' }, { label: 'e' }]);
      const refreshed = await seed(csv('v3', 'id,label\n6,f\n'), { fullRefresh: true });
      expect(refreshed).toMatchObject({ message: 'INSERT 1', action: 'truncated' });
      expect((await adapter.query(`select label from "${schema}".labels`)).rows).toEqual([{ label: 'f' }]);
    });

    it('recreates the table when its columns change, recreating dependent views, and says so', async () => {
      await seed(csv('c1', 'id,label\n1,a\n'));
      await adapter.query(`create view "${schema}".labels as select label from "${schema}".codes`);
      const result = await seed(csv('c2', 'id,label,extra\n1,a,x\n2,b,y\n'));
      expect(result).toMatchObject({ message: 'INSERT 2 (table recreated: columns changed)', action: 'recreated' });
      expect(await types()).toEqual({ id: 'integer', label: 'text', extra: 'text' });
      expect((await adapter.query(`select label from "${schema}".labels order by 1`)).rows).toEqual([{ label: 'a' }, { label: 'b' }]);
    });

    it('refuses a column change that would break a dependent view, and changes nothing', async () => {
      await seed(csv('b1', 'id,label\n1,a\n'));
      await adapter.query(`create view "${schema}".labels as select label from "${schema}".codes`);
      const error = await seed(csv('b2', 'id,name\n1,z\n')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChatsemError);
      expect((error as Error).message).toContain(`dependent view "${schema}"."labels"`);
      expect((await adapter.query(`select label from "${schema}".labels`)).rows).toEqual([{ label: 'a' }]);
    });

    it('drops and recreates the table on full refresh when nothing depends on it', async () => {
      await seed(csv('f1', 'id\n1\n'));
      const result = await seed(csv('f2', 'id\n1\n2\n'), { fullRefresh: true });
      expect(result).toMatchObject({ message: 'INSERT 2', action: 'recreated' });
    });

    it('rejects a ragged row naming file and line, leaving the existing table unchanged', async () => {
      await seed(csv('good', 'id,label\n1,a\n'));
      const error = await seed(csv('ragged', 'id,label\n2,b\n3,c,extra\n4,d\n')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChatsemError);
      expect(describeError(error as ChatsemError)).toContain('seeds/codes.csv:3: this row has 3 values but the header has 2 columns');
      expect((error as ChatsemError).location).toEqual({ file: 'seeds/codes.csv', line: 3 });
      expect((await adapter.query(`select id, label from "${schema}".codes`)).rows).toEqual([{ id: 1, label: 'a' }]);
    });

    it('ignores trailing blank lines but rejects one inside the data', async () => {
      expect(await seed(csv('trailing', 'id,label\r\n1,a\r\n2,b\r\n\r\n\n'))).toMatchObject({ rowsAffected: 2 });
      await expect(seed(csv('middle', 'id,label\n1,a\n\n2,b\n'))).rejects.toMatchObject({ message: 'a blank line in the middle of the data', location: { file: 'seeds/codes.csv', line: 3 } });
    });

    /** A file larger than the part scanned before COPY starts (4 MB), whose last rows change the picture. */
    function bigCsv(name: string, lastRows: string): string {
      const rows: string[] = ['id,amount'];
      for (let id = 0; id < 400_000; id++) rows.push(`${id},${id % 100}`);
      return csv(name, `${rows.join('\n')}\n${lastRows}`);
    }

    it('redoes a large load with the right types when the end of the file contradicts its beginning', async () => {
      const result = await seed(bigCsv('late-text', '400000,n/a\n'));
      expect(result).toMatchObject({ rowsAffected: 400_001, action: 'created' });
      expect(await types()).toEqual({ id: 'integer', amount: 'text' });
      expect((await adapter.query(`select amount from "${schema}".codes where id = 400000`)).rows).toEqual([{ amount: 'n/a' }]);
    });

    it('loads nothing when a large file is malformed after its first megabytes', async () => {
      await seed(csv('small', 'id,amount\n1,1\n'));
      const error = await seed(bigCsv('late-ragged', '400000,1,extra\n')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChatsemError);
      expect((error as ChatsemError).location).toEqual({ file: 'seeds/codes.csv', line: 400_002 });
      expect((await adapter.query(`select id, amount from "${schema}".codes`)).rows).toEqual([{ id: 1, amount: 1 }]);
    });

    it('loads a header-only file as an empty table', async () => {
      expect(await seed(csv('empty', 'id,label\n'))).toMatchObject({ message: 'INSERT 0', rowsAffected: 0 });
      expect(await types()).toEqual({ id: 'text', label: 'text' });
    });
  });
}
