/**
 * Issue 7, `chatsem export` on PGlite and PostgreSQL: several models (a star schema selected by tag, a snowflake
 * by path) in one call, CSV with a header row that loads back into a fresh schema with identical rows, JSON Lines
 * parseable line by line with awkward values intact, and clear errors for a model that was never built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../../src/adapters/index.js';
import { makeTempDir, postgresReachable, postgresTestUrl, uniqueName } from '../../src/test-support/databases.js';
import { pgliteProfile, postgresProfile, writeProject } from '../cli.js';
import { runMain } from '../engine/harness.js';

const postgresUp = await postgresReachable();
const scratch = makeTempDir('chatsem-e2e-export-');
afterAll(() => scratch.remove());

function openAdapter(kind: 'pglite' | 'postgres'): Promise<Adapter> {
  if (kind === 'pglite') return createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  const url = new URL(postgresTestUrl());
  return createAdapter({
    type: 'postgres', host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username) || 'postgres',
    database: url.pathname.slice(1), schema: 'public', threads: 2,
  });
}

/** Awkward text: quotes, a backslash sequence, CR/LF, a tab, a comma, a lone `\.`, unicode and an emoji. */
const AWKWARD = ["plain", 'say "hi", ok', 'back\\slash \\n not a newline', 'line1\nline2\r\nline3', 'tab\there', '\\.', 'ünïcödé – 😀', ''];

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A small star (facts + dims, tag star) and its snowflaked dimension (models/snowflake/). */
function project(kind: 'pglite' | 'postgres', schema: string): string {
  const dir = join(scratch.path, schema);
  const texts = AWKWARD.map((text, i) => `(${i + 1}, ${sqlString(text)})`).join(', ');
  return writeProject(dir, {
    'project.yaml': ['name: shop', 'version: "1.0"', 'profile: shop', 'models:', '  shop:', '    +materialized: table', '    star:', '      +tags: [star]', ''].join('\n'),
    'profiles.yml': kind === 'pglite' ? pgliteProfile('shop', IN_MEMORY_PATH, schema) : postgresProfile('shop', postgresTestUrl(), schema, 2),
    'models/star/dim_products.sql': [
      'select p.id as product_sk, p.name, p.note, p.price, p.tags, p.attrs, p.made_on',
      'from (values',
      `  (1, 'Tea', null, 2.50::numeric(10,2), array['hot','drink'], '{"a": [1, "x\\"y"]}'::jsonb, date '2024-01-31'),`,
      `  (2, 'Café "Noir"', 'comma, and ''quote''', 1e-3::numeric(10,4), array[]::text[], null::jsonb, null::date),`,
      `  (3, 'Ζ', 'multi\nline', null, array['a,b', 'c"d'], '{}'::jsonb, date '1999-12-31')`,
      ') as p(id, name, note, price, tags, attrs, made_on)',
      '',
    ].join('\n'),
    'models/star/dim_texts.sql': `select * from (values ${texts}) as t(text_sk, t)\n`,
    'models/star/fact_sales.sql': [
      "select g as sale_id, 1 + g % 3 as product_sk, 1 + g % 8 as text_sk, (g * 1.25)::float8 as amount,",
      "  timestamp '2024-05-01 10:00:00' + g * interval '1 minute' as sold_at, g % 2 = 0 as is_even",
      'from generate_series(1, 2500) as g',
      '',
    ].join('\n'),
    'models/star/fact_views.sql': "{{ config(materialized='view') }}\nselect sale_id, amount from {{ ref('fact_sales') }} where is_even\n",
    'models/snowflake/dim_categories.sql': "select * from (values (1, 'drinks'), (2, 'food')) as c(category_sk, category)\n",
    'models/snowflake/dim_products_sf.sql': "select product_sk, name, 1 as category_sk from {{ ref('dim_products') }}\n",
    'models/unbuilt.sql': 'select 1 as one\n',
  });
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: chatsem export`, () => {
    let adapter: Adapter;
    const schema = uniqueName('export');
    const fresh = uniqueName('reload');
    let dir: string;
    const chatsem = (...args: string[]) => runMain(dir, args, { adapter });

    beforeAll(async () => {
      adapter = await openAdapter(kind);
      dir = project(kind, schema);
      const built = await chatsem('run', '--exclude', 'unbuilt');
      expect(built.code, built.output).toBe(0);
    });
    afterAll(async () => {
      for (const s of [schema, fresh]) await adapter.query(`drop schema if exists "${s}" cascade`);
      await adapter.close();
    });

    it('exports a star schema (tag) and a snowflake (path) as CSV that loads back into a fresh schema unchanged', async () => {
      const out = join(dir, 'out-csv');
      const result = await chatsem('export', '--select', 'tag:star', 'path:models/snowflake', '--format', 'csv', '--out', out);
      expect(result.code, result.output).toBe(0);
      const models = ['dim_categories', 'dim_products', 'dim_products_sf', 'dim_texts', 'fact_sales', 'fact_views'];
      expect(readdirSync(out).sort()).toEqual(models.map((m) => `${m}.csv`));
      expect(result.stdout).toContain(`Exported 2500 rows of ${schema}.fact_sales to ${join(out, 'fact_sales.csv')}`);
      expect(readFileSync(join(out, 'fact_sales.csv'), 'utf8').split('\n')[0]).toBe('sale_id,product_sk,text_sk,amount,sold_at,is_even');
      expect(readFileSync(join(out, 'dim_products.csv'), 'utf8').split('\n')[0]).toBe('product_sk,name,note,price,tags,attrs,made_on');

      await adapter.query(`create schema "${fresh}"`);
      for (const model of models) {
        await adapter.query(`create table "${fresh}"."${model}" as select * from "${schema}"."${model}" where false`);
        const copied = await adapter.copyFrom(
          `copy "${fresh}"."${model}" from stdin with (format csv, header true)`,
          [readFileSync(join(out, `${model}.csv`))],
        );
        const counts = await adapter.query<{ a: string; b: string }>(
          `select (select count(*) from "${schema}"."${model}")::text as a, (select count(*) from "${fresh}"."${model}")::text as b`,
        );
        expect({ model, copied, rows: counts.rows[0]!.b }).toEqual({ model, copied: Number(counts.rows[0]!.a), rows: counts.rows[0]!.a });
        // Not only the counts: every value survives the round trip (jsonb compared as jsonb, so key order is irrelevant).
        const diff = await adapter.query<{ n: string }>(
          `select count(*)::text as n from ((table "${schema}"."${model}" except all table "${fresh}"."${model}") ` +
            `union all (table "${fresh}"."${model}" except all table "${schema}"."${model}")) d`,
        );
        expect({ model, differing: diff.rows[0]!.n }).toEqual({ model, differing: '0' });
      }
    });

    it('exports JSON Lines whose every line parses, with quotes, backslashes, newlines, unicode and nulls intact', async () => {
      const out = join(dir, 'out-jsonl');
      const result = await chatsem('export', 'dim_texts', 'dim_products', '--format', 'jsonl', '--out', out);
      expect(result.code, result.output).toBe(0);
      const parse = (model: string) =>
        readFileSync(join(out, `${model}.jsonl`), 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      const texts = parse('dim_texts').sort((a, b) => Number(a.text_sk) - Number(b.text_sk));
      // The column is named `t`: the export's row alias must not be mistaken for it.
      expect(texts).toEqual(AWKWARD.map((t, i) => ({ text_sk: i + 1, t })));
      const products = parse('dim_products').sort((a, b) => Number(a.product_sk) - Number(b.product_sk));
      expect(products).toEqual([
        { product_sk: 1, name: 'Tea', note: null, price: 2.5, tags: ['hot', 'drink'], attrs: { a: [1, 'x"y'] }, made_on: '2024-01-31' },
        { product_sk: 2, name: 'Café "Noir"', note: "comma, and 'quote'", price: 0.001, tags: [], attrs: null, made_on: null },
        { product_sk: 3, name: 'Ζ', note: 'multi\nline', price: null, tags: ['a,b', 'c"d'], attrs: {}, made_on: '1999-12-31' },
      ]);
    });

    it('a selected model that was never built fails with its name and the fix; nothing selected is a warning', async () => {
      const missing = await chatsem('export', 'unbuilt', '--out', join(dir, 'out-missing'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`model unbuilt: ${schema}.unbuilt does not exist in the warehouse`);
      expect(missing.stderr).toContain('chatsem run --select unbuilt');
      const none = await chatsem('export', 'tag:nothing', '--out', join(dir, 'out-none'));
      expect(none.code, none.output).toBe(0);
      expect(none.output).toContain('Nothing to export');
      const notADirectory = await chatsem('export', 'dim_texts', '--out', join(dir, 'project.yaml'));
      expect(notADirectory.code).toBe(2);
      expect(notADirectory.stderr).toContain(`cannot create the --out directory ${join(dir, 'project.yaml')}`);
    });
  });
}
