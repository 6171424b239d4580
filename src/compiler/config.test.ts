import { describe, expect, it } from 'vitest';
import { compileFixture } from './__fixtures__/compile-fixture.js';

const PROJECT = `name: fixture
version: "1.0"
models:
  fixture:
    +materialized: table
    +tags: [all]
    +pre-hook: "select 'tree'"
    staging:
      +materialized: view
      +tags: [staging]
      +schema: stage
      deep:
        +materialized: incremental
seeds:
  +schema: raw
tests:
  +severity: warn
`;

describe('config', () => {
  it('inherits from the project tree by folder, deeper wins; in-file config() beats properties beats tree', async () => {
    const { manifest, errors } = await compileFixture({
      'models/top.sql': 'select 1',
      'models/staging/stg.sql': 'select 1',
      'models/staging/deep/d.sql': 'select 1',
      'models/staging/props.sql': "{{ config(materialized='ephemeral', tags=['file']) }}select 1",
      'models/staging/schema.yml': 'version: 2\nmodels:\n  - name: props\n    config:\n      materialized: table\n      tags: [yaml]\n      unique_key: id\n',
    }, {}, PROJECT);
    expect(errors).toEqual([]);
    const config = (name: string) => manifest.nodes[`model.fixture.${name}`]!.config;
    expect(config('top').materialized).toBe('table');
    expect(config('stg').materialized).toBe('view');
    expect(config('d').materialized).toBe('incremental');
    expect(config('props')).toMatchObject({ materialized: 'ephemeral', unique_key: 'id' });
    expect(config('props').tags).toEqual(['all', 'staging', 'yaml', 'file']);
    expect(config('stg').tags).toEqual(['all', 'staging']);
    expect(manifest.nodes['model.fixture.stg']!.tags).toEqual(['all', 'staging']);
    expect(config('top').pre_hook).toEqual(["select 'tree'"]);
  });

  it('hooks accumulate across layers', async () => {
    const { manifest } = await compileFixture({
      'models/m.sql': "{{ config(post_hook=['grant select on {{ this }} to r']) }}select 1",
    }, {}, PROJECT);
    expect(manifest.nodes['model.fixture.m']!.config.post_hook).toEqual(['grant select on {{ this }} to r']);
    expect(manifest.nodes['model.fixture.m']!.config.pre_hook).toEqual(["select 'tree'"]);
  });

  it('defaults: models view, seeds seed, tests test with severity error and != 0 thresholds', async () => {
    const { manifest } = await compileFixture({
      'models/m.sql': 'select 1 as id',
      'seeds/countries.csv': 'code\nfr\n',
      'tests/no_rows.sql': "select * from {{ ref('m') }} where false",
    });
    expect(manifest.nodes['model.fixture.m']!.config.materialized).toBe('view');
    expect(manifest.nodes['seed.fixture.countries']).toMatchObject({ config: { materialized: 'seed' }, relation_name: '"analytics"."countries"', raw_code: '', compiled_code: null });
    expect(manifest.nodes['test.fixture.no_rows']!.config).toMatchObject({ materialized: 'test', severity: 'error', warn_if: '!= 0', error_if: '!= 0' });
    expect(manifest.nodes['test.fixture.no_rows']!.depends_on.nodes).toEqual(['model.fixture.m']);
  });

  it('custom schema becomes <target schema>_<custom>; alias renames the relation', async () => {
    const { manifest } = await compileFixture({
      'models/staging/stg.sql': 'select 1',
      'models/aliased.sql': "{{ config(alias='renamed', schema='marts') }}select 1",
      'seeds/countries.csv': 'code\nfr\n',
    }, {}, PROJECT);
    expect(manifest.nodes['model.fixture.stg']).toMatchObject({ schema: 'analytics_stage', relation_name: '"analytics_stage"."stg"' });
    expect(manifest.nodes['model.fixture.aliased']).toMatchObject({ schema: 'analytics_marts', alias: 'renamed', relation_name: '"analytics_marts"."renamed"' });
    expect(manifest.nodes['seed.fixture.countries']!.schema).toBe('analytics_raw');
  });

  it('a project generate_schema_name / generate_alias_name macro overrides the naming', async () => {
    const { manifest, errors } = await compileFixture({
      'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}{{ node.name ~ '_v' }}{%- endmacro %}`,
      'models/staging/stg.sql': 'select 1',
      'models/plain.sql': 'select 1',
    }, {}, PROJECT);
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.stg']).toMatchObject({ schema: 'stage', alias: 'stg_v' });
    expect(manifest.nodes['model.fixture.plain']).toMatchObject({ schema: 'analytics', alias: 'plain_v' });
  });

  it('enabled: false moves a node (and its tests) to manifest.disabled', async () => {
    const { manifest, errors } = await compileFixture({
      'models/off.sql': "{{ config(enabled=false) }}select 1 as id",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: off\n    columns:\n      - name: id\n        tests: [not_null]\n',
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['model.fixture.off']).toBeUndefined();
    expect(manifest.disabled['model.fixture.off']![0]!.config.enabled).toBe(false);
    expect(Object.values(manifest.nodes).filter((node) => node.resource_type === 'test')).toEqual([]);
  });

  it('snapshots take their body from the snapshot block and keep target_schema as given', async () => {
    const { manifest, errors } = await compileFixture({
      'snapshots/orders.sql': "{% snapshot orders_snapshot %}\n{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n",
      'models/orders.sql': 'select 1 as id',
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['snapshot.fixture.orders_snapshot']).toMatchObject({
      schema: 'snapshots',
      relation_name: '"snapshots"."orders_snapshot"',
      compiled_code: '\n\nselect * from "analytics"."orders"',
      config: { materialized: 'snapshot', unique_key: 'id', strategy: 'timestamp' },
      depends_on: { nodes: ['model.fixture.orders'] },
    });
  });

  it('analyses are compiled; unit tests appear in nodes and unit_tests', async () => {
    const { manifest, errors } = await compileFixture({
      'analyses/report.sql': "select * from {{ ref('m') }}",
      'models/m.sql': 'select 1 as id',
      'models/unit.yml': 'version: 2\nunit_tests:\n  - name: counts\n    model: m\n    given: []\n    expect:\n      rows:\n        - {id: 1}\n',
    });
    expect(errors).toEqual([]);
    expect(manifest.nodes['analysis.fixture.report']).toMatchObject({ compiled_code: 'select * from "analytics"."m"', relation_name: null });
    expect(manifest.unit_tests['unit_test.fixture.m.counts']).toBe(manifest.nodes['unit_test.fixture.m.counts']);
    expect(manifest.nodes['unit_test.fixture.m.counts']!.depends_on.nodes).toEqual(['model.fixture.m']);
    expect(manifest.child_map['model.fixture.m']).toEqual(['analysis.fixture.report', 'unit_test.fixture.m.counts']);
  });
});
