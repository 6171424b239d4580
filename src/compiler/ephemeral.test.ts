import { describe, expect, it } from 'vitest';
import { compileFixture } from './__fixtures__/compile-fixture.js';
import { injectCtes } from './ephemeral-ctes.js';

describe('ephemeral models', () => {
  it('are injected as CTEs, dependencies first, each once, merged into a leading with', async () => {
    const { manifest, errors } = await compileFixture({
      'models/base.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/mid.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('base') }}",
      'models/top.sql': "with x as (select * from {{ ref('mid') }})\nselect * from x join {{ ref('base') }} using (id)",
      'models/plain.sql': "select * from {{ ref('mid') }}",
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.top']!.compiled_code).toBe(
      'with __dbt__cte__base as (\nselect 1 as id\n), __dbt__cte__mid as (\nselect * from __dbt__cte__base\n), x as (select * from __dbt__cte__mid)\nselect * from x join __dbt__cte__base using (id)',
    );
    expect(manifest.nodes['model.fixture.plain']!.compiled_code).toBe(
      'with __dbt__cte__base as (\nselect 1 as id\n), __dbt__cte__mid as (\nselect * from __dbt__cte__base\n)\nselect * from __dbt__cte__mid',
    );
    expect(manifest.nodes['model.fixture.mid']).toMatchObject({ relation_name: null });
    expect(manifest.nodes['model.fixture.top']!.depends_on.nodes.sort()).toEqual(['model.fixture.base', 'model.fixture.mid']);
  });

  it('inject after `with recursive` and after leading comments are kept in front of the with', () => {
    const ctes = [{ id: 'a', sql: '__dbt__cte__a as (\nselect 1\n)' }];
    expect(injectCtes('  WITH RECURSIVE r as (select 1) select * from r', ctes)).toBe('  WITH RECURSIVE __dbt__cte__a as (\nselect 1\n), r as (select 1) select * from r');
    expect(injectCtes('-- note\nselect 1', ctes)).toBe('with __dbt__cte__a as (\nselect 1\n)\n-- note\nselect 1');
    expect(injectCtes('/* c */ with w as (select 1) select 2', ctes)).toBe('/* c */ with __dbt__cte__a as (\nselect 1\n), w as (select 1) select 2');
    expect(injectCtes('select 1', [])).toBe('select 1');
  });

  it('tests on ephemeral models get the CTE too', async () => {
    const { manifest, errors } = await compileFixture({
      'models/e.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: e\n    columns:\n      - name: id\n        tests: [not_null]\n',
    });
    expect(errors).toEqual([]);
    const test = Object.values(manifest.nodes).find((node) => node.resource_type === 'test')!;
    expect(test.compiled_code).toBe('\nwith __dbt__cte__e as (\nselect 1 as id\n)\nselect id\nfrom __dbt__cte__e\nwhere id is null\n');
  });
});
