/**
 * A long chain of views on a rebuilt table: the dependents lookup must stay linear in the chain's length
 * (pg_depend holds a row per referenced column, so walking every path is exponential — this once hung a
 * 200-view project for minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/index.js';
import { postgresReachable, postgresTestUrl, uniqueName } from '../test-support/databases.js';
import { build, openWarehouse, rows } from './__fixtures__/model-node.js';

const postgresUp = await postgresReachable();
const CHAIN = 40;

for (const kind of ['pglite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !postgresUp)(`${kind}: a chain of ${CHAIN} dependent views`, () => {
    let adapter: Adapter;
    const schema = uniqueName('chain');

    beforeAll(async () => {
      adapter = await openWarehouse(kind, postgresTestUrl());
    });
    afterAll(async () => {
      await adapter.query(`drop schema if exists "${schema}" cascade`);
      await adapter.close();
    });

    it('rebuilding the base table keeps every view of the chain answering', async () => {
      await build(adapter, schema, 'base', { materialized: 'table' }, 'select 1 as id, 10 as value');
      for (let i = 0; i < CHAIN; i += 1) {
        const parent = i === 0 ? 'base' : `v${i - 1}`;
        await adapter.query(`create view "${schema}"."v${i}" as select id, value + 1 as value from "${schema}"."${parent}"`);
      }
      await build(adapter, schema, 'base', { materialized: 'table' }, 'select 2 as id, 20 as value');
      expect(await rows(adapter, `select id, value from "${schema}"."v${CHAIN - 1}"`)).toEqual([{ id: 2, value: 20 + CHAIN }]);
    }, 60_000);
  });
}
