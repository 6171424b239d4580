import { it } from 'vitest';
import { createAdapter } from '../adapters/index.js';
import { runSeedBench } from './seed-bench.js';
it('bench', async () => {
  const adapter = await createAdapter({ type: 'postgres', host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', schema: 'main' });
  for (let i = 0; i < 3; i++) {
    const r = await runSeedBench({ adapter, workDir: '/tmp/sb', psqlUrl: 'postgres://postgres@127.0.0.1:5432/test' });
    process.stdout.write(`BENCH ${JSON.stringify(r)}\n`);
  }
  await adapter.close();
}, 300000);
