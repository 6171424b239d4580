import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/databases.js';
import { errorsOf, writeFiles } from './__fixtures__/write-files.js';
import { loadProject, type TextFileReader } from './index.js';

let temp: { path: string; remove: () => void };
beforeEach(() => {
  temp = makeTempDir('chatsem-load-');
});
afterEach(() => temp.remove());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('loadProject', () => {
  it('finds every file by kind with dbt paths, skipping hidden files and node_modules', async () => {
    writeFiles(temp.path, {
      'dbt_project.yml': 'name: jaffle\n',
      'models/staging/stg_orders.sql': 'select 1',
      'models/staging/schema.yml': 'models: [{name: stg_orders}]\n',
      'models/marts/orders.sql': 'select 2',
      'models/notes.md': '{% docs x %}{% enddocs %}',
      'models/.hidden/x.sql': 'select 3',
      'models/node_modules/y.sql': 'select 4',
      'models/.draft.sql': 'select 5',
      'seeds/customers.csv': 'id,name\n1,a\n',
      'seeds/seeds.yaml': 'seeds: [{name: customers}]\n',
      'macros/cents.sql': '{% macro cents() %}{% endmacro %}',
      'tests/assert_positive.sql': 'select 1 where false',
      'tests/generic/is_even.sql': '{% test is_even(model, column_name) %}{% endtest %}',
      'tests/fixtures/rows.csv': 'a\n1\n',
      'analyses/explore.sql': 'select 6',
      'snapshots/snap.sql': '{% snapshot snap %}{% endsnapshot %}',
    });
    const project = await loadProject(temp.path, { env: {} });
    expect(project.files.map((file) => [file.kind, file.path, file.relativePath, file.resourceRoot])).toEqual([
      ['analysis', 'analyses/explore.sql', 'explore.sql', 'analyses'],
      ['macro', 'macros/cents.sql', 'cents.sql', 'macros'],
      ['model', 'models/marts/orders.sql', 'marts/orders.sql', 'models'],
      ['properties', 'models/staging/schema.yml', 'staging/schema.yml', 'models'],
      ['model', 'models/staging/stg_orders.sql', 'staging/stg_orders.sql', 'models'],
      ['seed', 'seeds/customers.csv', 'customers.csv', 'seeds'],
      ['properties', 'seeds/seeds.yaml', 'seeds.yaml', 'seeds'],
      ['snapshot', 'snapshots/snap.sql', 'snap.sql', 'snapshots'],
      ['test', 'tests/assert_positive.sql', 'assert_positive.sql', 'tests'],
      ['macro', 'tests/generic/is_even.sql', 'generic/is_even.sql', 'tests'],
    ]);
    const model = project.files.find((file) => file.path === 'models/marts/orders.sql')!;
    expect(model.contents).toBe('select 2');
    expect(model.checksum).toBe(sha256('select 2'));
    const seed = project.files.find((file) => file.kind === 'seed')!;
    expect(seed.contents).toBe('');
    expect(seed.checksum).toBe(sha256('id,name\n1,a\n'));
    expect(project.properties.map((file) => [file.path, file.models.length, file.seeds.length])).toEqual([
      ['models/staging/schema.yml', 1, 0],
      ['seeds/seeds.yaml', 0, 1],
    ]);
  });

  it('uses configured paths and reads the project .env for env_var()', async () => {
    writeFiles(temp.path, {
      'project.yaml': "name: chat\nmodel-paths: [transform, more]\nvars: {prefix: \"{{ env_var('PREFIX') }}\"}\n",
      '.env': 'PREFIX=from_dotenv\n',
      'transform/a.sql': 'select 1',
      'more/b.sql': 'select 2',
      'models/ignored.sql': 'select 3',
    });
    const project = await loadProject(temp.path);
    expect(project.files.map((file) => file.path)).toEqual(['more/b.sql', 'transform/a.sql']);
    expect(project.config.vars).toEqual({ prefix: 'from_dotenv' });
  });

  it('collects the errors of every properties file in one ChatsemErrors', async () => {
    writeFiles(temp.path, {
      'dbt_project.yml': 'name: chat\n',
      'models/a.yml': 'models:\n  - name: a\n    colums: []\n',
      'models/b/b.yml': 'sources:\n  - name: s\n    tables: {name: t}\n',
      'seeds/s.yml': 'seeds:\n  - nme: x\n',
      'models/c.py': 'def model(dbt, session): pass\n',
    });
    const errors = await errorsOf(() => loadProject(temp.path, { env: {} }));
    expect(errors.map((error) => error.split('\n')[0])).toEqual([
      'models/c.py: Python models are not supported: models/c.py',
      'models/a.yml:3: unknown key `colums` in model `a`',
      'models/b/b.yml:3: `tables` of source `s` must be a list, not a mapping',
      'seeds/s.yml:2: seed entry has no `name:`',
    ]);
  });

  it('reads the same project when the SQL files are read by another reader, and falls back when it fails', async () => {
    writeFiles(temp.path, {
      'dbt_project.yml': 'name: jaffle\n',
      'models/staging/stg_orders.sql': 'select 1 -- ünïcode',
      'models/staging/schema.yml': 'models: [{name: stg_orders, description: "ü"}]\n',
      'models/marts/orders.sql': 'select 2',
      'seeds/customers.csv': 'id,name\n1,a\n',
      'seeds/seeds.yaml': 'seeds: [{name: customers}]\n',
      'macros/cents.sql': '{% macro cents() %}{% endmacro %}',
      'tests/assert_positive.sql': 'select 1 where false',
      'snapshots/snap.sql': '{% snapshot snap %}{% endsnapshot %}',
    });
    const asked: string[][] = [];
    const reader: TextFileReader = async (files) => {
      asked.push(files);
      const contents = files.map((file) => readFileSync(file, 'utf8'));
      return { contents, checksums: contents.map(sha256) };
    };
    const plain = await loadProject(temp.path, { env: {} });
    expect(await loadProject(temp.path, { env: {}, readTexts: reader })).toEqual(plain);
    // Only SQL files go to the reader: seeds are checksummed and properties files parsed here.
    expect(asked[0]!.map((file) => file.slice(temp.path.length + 1))).toEqual([
      'macros/cents.sql', 'models/marts/orders.sql', 'models/staging/stg_orders.sql', 'snapshots/snap.sql', 'tests/assert_positive.sql',
    ]);
    const failing: TextFileReader = () => Promise.reject(new Error('no thread'));
    expect(await loadProject(temp.path, { env: {}, readTexts: failing })).toEqual(plain);
    const short: TextFileReader = async () => ({ contents: [], checksums: [] });
    expect(await loadProject(temp.path, { env: {}, readTexts: short })).toEqual(plain);
  });
});
