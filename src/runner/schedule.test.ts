import { describe, expect, it } from 'vitest';
import type { Manifest } from '../core/index.js';
import { blockingDependencies } from './schedule.js';

/** Just what scheduling reads: resource types and dependencies. */
function manifest(nodes: Record<string, string[]>): Manifest {
  const entries = Object.entries(nodes).map(([id, parents]) => [id, { unique_id: id, resource_type: id.split('.')[0], depends_on: { nodes: parents, macros: [] } }]);
  return { nodes: Object.fromEntries(entries) } as unknown as Manifest;
}

const graph = manifest({
  'seed.p.customers': [],
  'seed.p.orders': [],
  'model.p.orders_clean': ['seed.p.orders'],
  'model.p.customer_totals': ['seed.p.customers'],
  'model.p.report': ['model.p.orders_clean', 'model.p.customer_totals'],
  'test.p.unique_orders_id': ['seed.p.orders'],
  // A relationships test reads both of its parents.
  'test.p.relationships_orders_clean_customer_id': ['model.p.orders_clean', 'seed.p.customers'],
});
const all = new Set(Object.keys(graph.nodes));
const sorted = (set: Set<string> | undefined): string[] => [...(set ?? [])].sort();

describe('blockingDependencies', () => {
  it('without build semantics, waits only for selected ancestors (through unselected ones)', () => {
    const deps = blockingDependencies(graph, new Set(['seed.p.orders', 'model.p.report']), { testsBlockChildren: false });
    expect(sorted(deps.get('model.p.report'))).toEqual(['seed.p.orders']);
    expect(sorted(deps.get('seed.p.orders'))).toEqual([]);
  });

  it('in build, a test blocks the children of its node', () => {
    const deps = blockingDependencies(graph, all, { testsBlockChildren: true });
    expect(sorted(deps.get('model.p.orders_clean'))).toEqual(['seed.p.orders', 'test.p.unique_orders_id']);
  });

  it("blocks a node only when everything the test reads is upstream of it (dbt's rule)", () => {
    const deps = blockingDependencies(graph, all, { testsBlockChildren: true });
    // customer_totals reads customers but not orders_clean: the relationships test must not hold it back …
    expect(sorted(deps.get('model.p.customer_totals'))).toEqual(['seed.p.customers']);
    // … while report reads both of the test's parents, so it waits for the test.
    expect(sorted(deps.get('model.p.report'))).toEqual(['model.p.customer_totals', 'model.p.orders_clean', 'test.p.relationships_orders_clean_customer_id']);
    // A test never blocks a node it reads itself.
    expect(deps.get('model.p.orders_clean')!.has('test.p.relationships_orders_clean_customer_id')).toBe(false);
  });
});
