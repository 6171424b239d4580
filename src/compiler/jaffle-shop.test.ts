import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../project/index.js';
import { fixtureOptions } from './__fixtures__/compile-fixture.js';
import { ProjectCompiler } from './project-compiler.js';

const PROJECT_DIR = fileURLToPath(new URL('../../e2e/fixtures/jaffle_shop', import.meta.url));
const GOLDEN_DIR = fileURLToPath(new URL('../../e2e/fixtures/jaffle_shop.golden', import.meta.url));
/** `UPDATE_GOLDEN=1 npx vitest run src/compiler/jaffle-shop.test.ts` rewrites the golden files after a deliberate change. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function compileJaffle() {
  const project = await loadProject(PROJECT_DIR, { env: {} });
  return new ProjectCompiler(project, fixtureOptions({ target: { name: 'dev', schema: 'dbt_jaffle', type: 'postgres', threads: 4 } })).compile();
}

describe('jaffle_shop (dbt tutorial project)', () => {
  it('compiles to the golden SQL, node for node', async () => {
    const { manifest, errors } = await compileJaffle();
    expect(errors).toEqual([]);
    const compiled = Object.values(manifest.nodes).filter((node) => node.compiled_code !== null);
    if (UPDATE) {
      rmSync(GOLDEN_DIR, { recursive: true, force: true });
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const node of compiled) writeFileSync(join(GOLDEN_DIR, `${node.unique_id}.sql`), node.compiled_code!);
    }
    expect(existsSync(GOLDEN_DIR)).toBe(true);
    const golden = readdirSync(GOLDEN_DIR).sort();
    expect(compiled.map((node) => `${node.unique_id}.sql`).sort()).toEqual(golden);
    for (const node of compiled) expect(node.compiled_code, node.unique_id).toBe(readFileSync(join(GOLDEN_DIR, `${node.unique_id}.sql`), 'utf8'));
  });

  it('has the nodes, dependencies and test ids dbt gives the tutorial project', async () => {
    const { manifest } = await compileJaffle();
    const ids = Object.keys(manifest.nodes);
    expect(ids.filter((id) => !id.startsWith('test.')).sort()).toEqual([
      'model.jaffle_shop.customers', 'model.jaffle_shop.orders', 'model.jaffle_shop.stg_customers', 'model.jaffle_shop.stg_orders',
      'model.jaffle_shop.stg_payments', 'seed.jaffle_shop.raw_customers', 'seed.jaffle_shop.raw_orders', 'seed.jaffle_shop.raw_payments',
    ]);
    // These two ids appear in every dbt-generated manifest of this project.
    expect(ids).toContain('test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1');
    expect(ids).toContain('test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d');
    expect(ids.filter((id) => id.startsWith('test.'))).toHaveLength(16);
    expect(manifest.parent_map['model.jaffle_shop.customers']).toEqual(['model.jaffle_shop.stg_customers', 'model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments']);
    expect(manifest.nodes['model.jaffle_shop.customers']).toMatchObject({ config: { materialized: 'table' }, relation_name: '"dbt_jaffle"."customers"' });
    expect(manifest.nodes['model.jaffle_shop.stg_orders']!.config.materialized).toBe('view');
    expect(manifest.nodes['model.jaffle_shop.stg_payments']!.depends_on.macros).toEqual(['macro.jaffle_shop.cents_to_dollars']);
  });
});
