import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { createAdapter } from '../adapters/index.js';
import { generateEvents, defaultSynthConfig } from '../synth/index.js';
import { runIngestBench } from './index.js';
it('bench', async () => {
  const N = Number(process.env.BENCH_N ?? 200000);
  const pg = await createAdapter({ type: 'postgres', host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', schema: 'public' });
  const lite = process.env.BENCH_LITE ? await createAdapter({ type: 'pglite', path: mkdtempSync('/tmp/h6/lite-'), schema: 'public' }) : undefined;
  const r = await runIngestBench({ events: N, generate: () => generateEvents({ ...defaultSynthConfig, sessions: Math.ceil(N / 40), users: Math.ceil(N / 150), seed: 1 }),
    workDir: mkdtempSync('/tmp/h6/bench-'), postgres: { adapter: pg, url: 'postgres://postgres@127.0.0.1:5432/test' }, pglite: lite, prefix: 'bench', onStep: (m) => console.log(m) });
  console.log(JSON.stringify({ ...r, postgres: r.postgres && { ...r.postgres, report: { ...r.postgres.report, tables: undefined } }, pglite: r.pglite && { ...r.pglite, report: undefined } }, null, 1));
  await pg.close(); await lite?.close();
}, 1200000);
