import { describe, expect, it } from 'vitest';
import { compileFixture } from './__fixtures__/compile-fixture.js';
import { syntheticTestNames, testHash } from './generic-test-names.js';

const SCHEMA = `version: 2
models:
  - name: orders
    columns:
      - name: id
        tests: [unique, not_null]
      - name: status
        tests:
          - accepted_values:
              values: ['placed', 'shipped']
      - name: customer_id
        tests:
          - relationships:
              to: ref('customers')
              field: id
          - not_null:
              name: orders_need_a_customer
              config:
                severity: warn
                where: "status <> 'placed'"
  - name: customers
sources:
  - name: src
    tables:
      - name: tbl
        columns:
          - name: col
            tests: [not_null]
`;

async function project() {
  return compileFixture({
    'jaffle/models/orders.sql': 'select 1 as id',
    'models/orders.sql': "select 1 as id, 'placed' as status, 1 as customer_id",
    'models/customers.sql': 'select 1 as id',
    'models/schema.yml': SCHEMA,
  });
}

describe('generic test nodes', () => {
  it('are named and hashed as dbt does (ids match dbt manifests)', () => {
    const kwargs = { column_name: 'customer_id', model: "{{ get_where_subquery(ref('customers')) }}" };
    expect(syntheticTestNames('unique', 'customers', { column_name: 'customer_id' })).toEqual({ short: 'unique_customers_customer_id', full: 'unique_customers_customer_id' });
    // The ids of jaffle_shop's tests in manifests produced by dbt.
    expect(testHash('unique_customers_customer_id', { name: 'unique', namespace: null, kwargs })).toBe('c5af1ff4b1');
    expect(testHash('not_null_customers_customer_id', { name: 'not_null', namespace: null, kwargs })).toBe('5c9bf9911d');
  });

  it('names of 64 characters or more get a truncated alias with an md5 suffix; the full name stays the name', () => {
    const { short, full } = syntheticTestNames('accepted_values', 'stg_conversation_events', {
      column_name: 'event_type',
      values: ['user_message', 'bot_message', 'action_executed', 'slot_set'],
    });
    expect(full).toBe('accepted_values_stg_conversation_events_event_type__user_message__bot_message__action_executed__slot_set');
    expect(short).toMatch(/^accepted_values_stg_conversati_[0-9a-f]{32}$/);
    expect(short.length).toBeLessThan(64);
  });

  it('builds nodes with dbt names, ids, metadata and dependencies', async () => {
    const { manifest, errors } = await project();
    expect(errors).toEqual([]);
    const tests = Object.values(manifest.nodes).filter((node) => node.resource_type === 'test');
    const names = tests.map((node) => node.name).sort();
    expect(names).toEqual([
      'accepted_values_orders_status__placed__shipped',
      'not_null_orders_id',
      'orders_need_a_customer',
      'relationships_orders_customer_id__id__ref_customers_',
      'source_not_null_src_tbl_col',
      'unique_orders_id',
    ]);
    for (const test of tests) expect(test.unique_id).toMatch(new RegExp(`^test\\.fixture\\.${test.name}\\.[0-9a-f]{10}$`));
    const relationships = tests.find((node) => node.name.startsWith('relationships'))!;
    expect(relationships).toMatchObject({
      attached_node: 'model.fixture.orders',
      column_name: 'customer_id',
      test_metadata: { name: 'relationships', namespace: null, kwargs: { to: "ref('customers')", field: 'id', column_name: 'customer_id', model: "{{ get_where_subquery(ref('orders')) }}" } },
    });
    expect([...relationships.depends_on.nodes].sort()).toEqual(['model.fixture.customers', 'model.fixture.orders']);
    expect(relationships.compiled_code).toContain('from "analytics"."customers"');
    expect(relationships.compiled_code).toContain('from "analytics"."orders"');
    const source = tests.find((node) => node.name === 'source_not_null_src_tbl_col')!;
    expect(source).toMatchObject({ attached_node: 'source.fixture.src.tbl', depends_on: { nodes: ['source.fixture.src.tbl'] } });
    expect(source.compiled_code).toContain('from "src"."tbl"');
  });

  it('compiles through the test macro with config: custom name, severity, where', async () => {
    const { manifest } = await project();
    const custom = Object.values(manifest.nodes).find((node) => node.name === 'orders_need_a_customer')!;
    expect(custom.config).toMatchObject({ severity: 'warn', where: "status <> 'placed'" });
    expect(custom.compiled_code).toBe("\nselect customer_id\nfrom (select * from \"analytics\".\"orders\" where status <> 'placed') dbt_subquery\nwhere customer_id is null\n");
    const accepted = Object.values(manifest.nodes).find((node) => node.name.startsWith('accepted_values'))!;
    expect(accepted.compiled_code).toContain("'placed','shipped'");
  });

  it('reports a test without a macro, with a did-you-mean', async () => {
    const { errors } = await compileFixture({
      'models/m.sql': 'select 1 as id',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        tests: [uniqe]\n',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe("Generic test 'uniqe' on m has no definition: no macro test_uniqe");
    expect(errors[0]!.hint).toBe("Did you mean 'unique'?");
    expect(errors[0]!.location).toMatchObject({ file: 'models/schema.yml', line: 6 });
  });
});
