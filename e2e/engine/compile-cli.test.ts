/**
 * Issue "Engine I", CLI side: compile, ls, clean, --version, --vars, selectors, compile errors (file, line, exit 2,
 * all of them in one run), target/manifest.json and perf_info.json, and the dbt tutorial project against its goldens.
 * Nothing here needs a warehouse, so the CLI runs in-process (`main`), except one child-process smoke test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../src/test-support/databases.js';
import { chatsemVersion } from '../../src/cli/version.js';
import { copyFixture, pgliteProfile, repoRoot, runCli, writeProject } from '../cli.js';
import { lines, readJson, runMain } from './harness.js';

const scratch = makeTempDir('chatsem-e2e-compile-');
afterAll(() => scratch.remove());

let counter = 0;
function project(files: Record<string, string>, name = 'shop'): string {
  const dir = join(scratch.path, `p${++counter}`);
  return writeProject(dir, {
    'project.yaml': `name: ${name}\nversion: "1.0"\nprofile: ${name}\n${files['project.yaml'] ?? ''}`,
    // Never opened here: compile needs no connection, and a profile keeps the embedded-default message away.
    'profiles.yml': pgliteProfile(name, join(dir, 'warehouse'), 'analytics'),
    ...Object.fromEntries(Object.entries(files).filter(([path]) => path !== 'project.yaml')),
  });
}

const shopFiles: Record<string, string> = {
  'project.yaml': ['vars:', '  region: eu', 'models:', '  shop:', '    +materialized: table', '    staging:', '      +materialized: view', '      +tags: [staging]', ''].join('\n'),
  'seeds/raw_orders.csv': 'id,customer_id,amount\n1,1,10\n2,2,20\n',
  'models/staging/stg_orders.sql': "select id as order_id, customer_id, amount from {{ ref('raw_orders') }}\n",
  'models/staging/stg_customers.sql': "select distinct customer_id from {{ ref('stg_orders') }}\n",
  'models/marts/orders.sql': [
    "{{ config(tags=['finance']) }}",
    'select o.order_id, o.customer_id, o.amount',
    "from {{ ref('stg_orders') }} o join {{ ref('stg_customers') }} c using (customer_id)",
    '',
  ].join('\n'),
  'models/marts/summary.sql': [
    "select '{{ var('region') }}' as region, {{ var('min_amount', 0) }} as min_amount, '{{ var('label', 'none') }}' as label, count(*) as n",
    "from {{ ref('orders') }}",
    '',
  ].join('\n'),
  'models/marts/schema.yml': [
    'version: 2',
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: order_id',
    '        tests:',
    '          - unique',
    '          - not_null',
    '',
  ].join('\n'),
};

describe('compile, ls, clean, --version, --vars (in-process CLI)', () => {
  const dir = project(shopFiles);

  it('compile writes target/compiled/<project>/<path>.sql and prints the SQL of a single selected node', async () => {
    const all = await runMain(dir, ['compile']);
    expect(all.code, all.output).toBe(0);
    const compiled = join(dir, 'target', 'compiled', 'shop', 'models', 'marts', 'orders.sql');
    expect(readFileSync(compiled, 'utf8')).toContain('from "analytics"."stg_orders" o join "analytics"."stg_customers" c');
    expect(existsSync(join(dir, 'target', 'compiled', 'shop', 'models', 'staging', 'stg_orders.sql'))).toBe(true);
    // Several nodes: no SQL printed.
    expect(all.stdout).not.toContain('select o.order_id');

    for (const args of [['compile', '--select', 'orders'], ['compile', 'orders']]) {
      const one = await runMain(dir, args);
      expect(one.code, one.output).toBe(0);
      expect(one.stdout).toContain("Compiled node 'orders' is:");
      expect(one.stdout).toContain('select o.order_id, o.customer_id, o.amount\nfrom "analytics"."stg_orders" o');
    }
    const inline = await runMain(dir, ['compile', '--inline', "select * from {{ ref('orders') }}"]);
    expect(inline.stdout.trim()).toBe('select * from "analytics"."orders"');
  });

  it('--vars in mapping and key=value forms, repeatable and comma-joined, over project vars', async () => {
    const sqlOf = async (...vars: string[]): Promise<string> => {
      const result = await runMain(dir, ['compile', '-s', 'summary', ...vars.flatMap((v) => ['--vars', v])]);
      expect(result.code, result.output).toBe(0);
      return result.stdout.split("Compiled node 'summary' is:\n")[1]!;
    };
    expect(await sqlOf()).toContain("select 'eu' as region, 0 as min_amount, 'none' as label");
    expect(await sqlOf('{region: us, min_amount: 5}')).toContain("select 'us' as region, 5 as min_amount, 'none' as label");
    expect(await sqlOf('region=apac')).toContain("select 'apac' as region, 0 as min_amount");
    expect(await sqlOf('region=apac,min_amount=7,label=x')).toContain("select 'apac' as region, 7 as min_amount, 'x' as label");
    expect(await sqlOf('region=us', 'label=two')).toContain("select 'us' as region, 0 as min_amount, 'two' as label");
  });

  it('ls prints names, paths, selectors and JSON, filtered by --resource-type', async () => {
    const names = await runMain(dir, ['ls', '--output', 'name']);
    expect(names.code, names.output).toBe(0);
    expect(names.stdout.trim().split('\n').sort()).toEqual(
      ['not_null_orders_order_id', 'orders', 'raw_orders', 'stg_customers', 'stg_orders', 'summary', 'unique_orders_order_id'].sort(),
    );
    const paths = await runMain(dir, ['ls', '--resource-type', 'model', '--output', 'path']);
    expect(paths.stdout.trim().split('\n').sort()).toEqual(['models/marts/orders.sql', 'models/marts/summary.sql', 'models/staging/stg_customers.sql', 'models/staging/stg_orders.sql']);
    const selectors = await runMain(dir, ['ls', '--resource-type', 'seed']);
    expect(selectors.stdout.trim()).toBe('shop.raw_orders');
    const modelSelectors = await runMain(dir, ['ls', '-s', 'stg_orders']);
    expect(modelSelectors.stdout.trim()).toBe('shop.staging.stg_orders');
    const json = await runMain(dir, ['ls', '-s', 'orders', '--resource-type', 'model', '--output', 'json']);
    const record = JSON.parse(json.stdout.trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ name: 'orders', resource_type: 'model', unique_id: 'model.shop.orders', original_file_path: 'models/marts/orders.sql', tags: ['finance'] });
    expect((record.config as { materialized: string }).materialized).toBe('table');
    expect((record.depends_on as { nodes: string[] }).nodes.sort()).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    const keys = await runMain(dir, ['ls', '-s', 'summary', '--output', 'json', '--output-keys', 'name', 'unique_id']);
    expect(JSON.parse(keys.stdout.trim())).toEqual({ name: 'summary', unique_id: 'model.shop.summary' });
    const tests = await runMain(dir, ['ls', '--resource-type', 'test', '--output', 'name']);
    expect(tests.stdout.trim().split('\n').sort()).toEqual(['not_null_orders_order_id', 'unique_orders_order_id']);
  });

  it('selectors: positional and --select, graph operators, methods, union, intersection, --exclude', async () => {
    const ls = async (...args: string[]): Promise<string[]> => {
      const result = await runMain(dir, ['ls', '--resource-type', 'model', 'seed', '--output', 'name', ...args]);
      expect(result.code, result.output).toBe(0);
      return result.stdout.trim() === '' ? [] : result.stdout.trim().split('\n').sort();
    };
    expect(await ls('+orders')).toEqual(['orders', 'raw_orders', 'stg_customers', 'stg_orders']);
    expect(await ls('--select', 'stg_customers+')).toEqual(['orders', 'stg_customers', 'summary']);
    expect(await ls('1+orders')).toEqual(['orders', 'stg_customers', 'stg_orders']);
    expect(await ls('orders+1')).toEqual(['orders', 'summary']);
    expect(await ls('@stg_customers')).toEqual(['orders', 'raw_orders', 'stg_customers', 'stg_orders', 'summary']);
    expect(await ls('tag:staging')).toEqual(['stg_customers', 'stg_orders']);
    expect(await ls('path:models/marts')).toEqual(['orders', 'summary']);
    expect(await ls('config.materialized:view')).toEqual(['stg_customers', 'stg_orders']);
    expect(await ls('resource_type:seed')).toEqual(['raw_orders']);
    // Union (space-separated and repeated), intersection (comma), exclusion.
    expect(await ls('summary', 'raw_orders')).toEqual(['raw_orders', 'summary']);
    expect(await ls('-s', 'summary', '-s', 'tag:finance')).toEqual(['orders', 'summary']);
    expect(await ls('+summary,tag:staging')).toEqual(['stg_customers', 'stg_orders']);
    expect(await ls('+summary', '--exclude', 'tag:staging', 'raw_orders')).toEqual(['orders', 'summary']);
    expect(await ls('-s', 'path:models/staging/stg_orders.sql')).toEqual(['stg_orders']);
    const none = await runMain(dir, ['ls', '-s', 'tag:nothing']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No nodes selected');
  });

  it('writes target/manifest.json with dbt field names, unique ids, parent_map and child_map, and perf_info.json', async () => {
    await runMain(dir, ['compile']);
    const manifest = readJson<Record<string, any>>(join(dir, 'target', 'manifest.json'));
    expect(manifest.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
    expect(manifest.metadata.project_name).toBe('shop');
    expect(manifest.metadata.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
    for (const key of ['nodes', 'sources', 'macros', 'parent_map', 'child_map', 'disabled', 'exposures', 'metrics', 'unit_tests']) expect(manifest).toHaveProperty(key);
    const orders = manifest.nodes['model.shop.orders'];
    expect(orders).toMatchObject({
      unique_id: 'model.shop.orders',
      resource_type: 'model',
      name: 'orders',
      package_name: 'shop',
      path: 'marts/orders.sql',
      original_file_path: 'models/marts/orders.sql',
      fqn: ['shop', 'marts', 'orders'],
      schema: 'analytics',
      alias: 'orders',
      relation_name: '"analytics"."orders"',
      config: { materialized: 'table' },
      tags: ['finance'],
      compiled_path: 'target/compiled/shop/models/marts/orders.sql',
    });
    expect(orders.raw_code).toContain("{{ ref('stg_orders') }}");
    expect(orders.compiled_code).toContain('"analytics"."stg_orders"');
    expect(orders.checksum).toMatchObject({ name: 'sha256' });
    expect(orders.refs).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'stg_orders' })]));
    expect(manifest.nodes['seed.shop.raw_orders']).toMatchObject({ resource_type: 'seed', original_file_path: 'seeds/raw_orders.csv' });
    const testIds = Object.keys(manifest.nodes).filter((id) => id.startsWith('test.'));
    expect(testIds.sort()).toEqual([expect.stringMatching(/^test\.shop\.not_null_orders_order_id\.[0-9a-f]{10}$/), expect.stringMatching(/^test\.shop\.unique_orders_order_id\.[0-9a-f]{10}$/)]);
    expect(manifest.nodes[testIds[0]!].attached_node).toBe('model.shop.orders');
    expect(manifest.parent_map['model.shop.orders'].sort()).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(manifest.parent_map['seed.shop.raw_orders']).toEqual([]);
    expect(manifest.child_map['model.shop.orders'].sort()).toEqual(['model.shop.summary', ...testIds].sort());
    expect(manifest.child_map['model.shop.summary']).toEqual([]);

    const perf = readJson<Record<string, unknown>>(join(dir, 'target', 'perf_info.json'));
    for (const key of ['path_count', 'is_partial_parse_enabled', 'read_files_elapsed', 'load_all_elapsed', 'parse_project_elapsed', 'compile_elapsed', 'graph_elapsed', 'projects']) {
      expect(perf, key).toHaveProperty(key);
    }
    expect(perf.path_count).toBeGreaterThanOrEqual(6);
    expect(typeof perf.load_all_elapsed).toBe('number');
    expect(typeof perf.compile_elapsed).toBe('number');
  });

  it('clean deletes target/ and --version prints the version', async () => {
    expect(existsSync(join(dir, 'target'))).toBe(true);
    const clean = await runMain(dir, ['clean']);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.stdout).toContain('Cleaned target/');
    expect(existsSync(join(dir, 'target'))).toBe(false);
    const again = await runMain(dir, ['clean']);
    expect(again.stdout).toContain('Nothing to clean at target/');

    const version = await runCli(['--version'], { cwd: dir });
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(chatsemVersion());
    expect(chatsemVersion()).toBe((readJson<{ version: string }>(join(repoRoot, 'package.json'))).version);
  });
});

describe('compile errors: stderr, exit code 2, file and line, all of them in one run', () => {
  it('reports an unknown ref with did-you-mean and a missing var naming the model, together', async () => {
    const dir = project({
      'models/orders.sql': 'select 1 as id\n',
      'models/bad_ref.sql': "-- the typo is on line 2\nselect * from {{ ref('ordres') }}\n",
      'models/needs_var.sql': "select {{ var('no_such_var') }} as x\n",
    });
    const result = await runMain(dir, ['compile']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("models/bad_ref.sql:2: model 'ordres' not found");
    expect(result.stderr).toContain("Did you mean 'orders'?");
    expect(result.stderr).toMatch(/models\/needs_var\.sql:1(:\d+)?: Required var 'no_such_var' is not defined for model needs_var/);
    expect(result.stderr).toContain('--vars no_such_var=value');
    expect(result.stderr).toContain('2 errors found; nothing was run.');
    // The same errors stop `run` before it touches a warehouse.
    const run = await runMain(dir, ['run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('2 errors found');
    expect(existsSync(join(dir, 'warehouse'))).toBe(false);
  });

  it('reports a bad properties key and a mis-indented test with file and line, together', async () => {
    const dir = project({
      'models/orders.sql': 'select 1 as id\n',
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    descriptoin: a typo',
        '    columns:',
        '      - name: id',
        '        tests:',
        '        - not_null',
        '      - unique',
        '',
      ].join('\n'),
    });
    const result = await runMain(dir, ['compile']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/schema.yml:4: unknown key `descriptoin` in model `orders`');
    expect(result.stderr).toContain('Did you mean `description`?');
    expect(result.stderr).toContain('models/schema.yml:9: column entry `unique` of model `orders` is not a mapping with `name:`');
    expect(result.stderr).toContain('Indent it below `tests:`');
    expect(result.stderr).toContain('2 errors found');
  });

  it('reports a cycle with its chain a > b > c > a and the files', async () => {
    const dir = project({
      'models/a.sql': "select * from {{ ref('c') }}\n",
      'models/sub/b.sql': "select * from {{ ref('a') }}\n",
      'models/c.sql': "select * from {{ ref('b') }}\n",
    }, 'loop');
    const result = await runMain(dir, ['compile']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/a.sql:1: Found a cycle: model.loop.a > model.loop.b > model.loop.c > model.loop.a');
    expect(result.stderr).toContain('Files involved: models/a.sql, models/sub/b.sql, models/c.sql');
    expect(lines(result.stderr).some((l) => l.startsWith('1 error found'))).toBe(true);
  });

  it('a usage error (unknown option) exits with 2', async () => {
    const dir = project({ 'models/a.sql': 'select 1\n' });
    const result = await runMain(dir, ['compile', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });
});

describe('the dbt tutorial project (dbt_project.yml form), unmodified', () => {
  it('compiles via the CLI to the golden SQL, node for node', async () => {
    const dir = copyFixture('jaffle_shop', join(scratch.path, 'jaffle'));
    writeProject(dir, { 'profiles.yml': pgliteProfile('jaffle_shop', join(scratch.path, 'jaffle-warehouse'), 'dbt_jaffle') });
    const result = await runCli(['compile'], { cwd: dir, env: { HOME: scratch.path } });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('No profile configured');
    const manifest = readJson<{ nodes: Record<string, { compiled_path: string | null }> }>(join(dir, 'target', 'manifest.json'));
    const goldenDir = join(repoRoot, 'e2e', 'fixtures', 'jaffle_shop.golden');
    const goldens = readdirSync(goldenDir).filter((f) => f.endsWith('.sql'));
    expect(goldens.length).toBe(21);
    for (const file of goldens) {
      const id = file.slice(0, -'.sql'.length);
      const node = manifest.nodes[id];
      expect(node, id).toBeDefined();
      expect(node!.compiled_path, id).toMatch(/^target\/compiled\/jaffle_shop\/models\//);
      expect(readFileSync(join(dir, node!.compiled_path!), 'utf8'), id).toBe(readFileSync(join(goldenDir, file), 'utf8'));
    }
  });
});
