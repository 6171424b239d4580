import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, IN_MEMORY_PATH, type Adapter } from '../adapters/index.js';
import { loadEventStream } from '../ingest/index.js';
import { uniqueName } from '../test-support/databases.js';
import { defaultSynthConfig, generateEvents, splitIntoLoads } from './index.js';

describe('generated events load into the raw schema (PGlite)', () => {
  let adapter: Adapter;
  const prefix = uniqueName('synth');
  const config = { ...defaultSynthConfig, sessions: 150, users: 40, seed: 5, days: 10 };

  beforeAll(async () => {
    adapter = await createAdapter({ type: 'pglite', path: IN_MEMORY_PATH, schema: 'public' });
  });
  afterAll(async () => {
    await adapter.close();
  });

  it('loads --loads 2 as two loads, conversations continuing in the second, and adds nothing when repeated', async () => {
    const all = [...generateEvents(config)];
    const [first, second] = splitIntoLoads(config, 2);
    const one = await loadEventStream(adapter, { events: first!, prefix });
    const two = await loadEventStream(adapter, { events: second!, prefix });
    expect(one.inserted + two.inserted).toBe(all.length);
    expect(one.loadId).not.toBe(two.loadId);
    const schema = `${prefix}_event`;
    const loads = await adapter.query<{ n: number }>(`select count(*)::int as n from "${schema}"._loads where status = 0`);
    expect(loads.rows).toEqual([{ n: 2 }]);
    const crossing = await adapter.query<{ n: number }>(
      `select count(*)::int as n from (select sender_id from "${schema}".event group by sender_id having count(distinct _load_id) > 1) s`,
    );
    expect(crossing.rows[0]!.n).toBeGreaterThan(0);
    const types = await adapter.query<{ event: string; n: number }>(`select event, count(*)::int as n from "${schema}".event group by 1`);
    const expected: Record<string, number> = {};
    for (const event of all) expected[event.event] = (expected[event.event] ?? 0) + 1;
    expect(Object.fromEntries(types.rows.map((row) => [row.event, row.n]))).toEqual(expected);
    const user = await adapter.query<Record<string, unknown>>(
      `select metadata__user_id is not null as has_user, metadata__device is not null as has_device, pg_typeof(metadata__sentiment)::text as sentiment_type,
              pg_typeof(parse_data__intent__confidence)::text as confidence_type from "${schema}".event_user limit 1`,
    );
    expect(user.rows[0]).toEqual({ has_user: true, has_device: true, sentiment_type: 'double precision', confidence_type: 'double precision' });
    expect((await loadEventStream(adapter, { events: generateEvents(config), prefix })).inserted).toBe(0);
  });
});
