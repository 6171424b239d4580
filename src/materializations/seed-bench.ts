/**
 * The seed benchmark `npm run bench` calls: load a generated 1,000,000-row CSV with `loadSeed` and, when a psql
 * URL is given, time `psql \copy` of the same file into a table of the same columns. The goal is a ratio ≤ 1.5.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { quoteIdentifier, Relation } from '../core/index.js';
import type { Adapter } from '../adapters/index.js';
import { loadSeed } from './seed.js';

export interface SeedBenchOptions {
  adapter: Adapter;
  /** Folder for the generated CSV. */
  workDir: string;
  rows?: number;
  /** Scratch schema, dropped afterwards. */
  schema?: string;
  /** A PostgreSQL URL for the `psql \copy` baseline (the same database as `adapter`); none = no baseline. */
  psqlUrl?: string | null;
  psqlPath?: string;
}

export interface SeedBenchResult {
  rows: number;
  fileBytes: number;
  seedMs: number;
  psqlMs: number | null;
  /** seedMs / psqlMs. */
  ratio: number | null;
  message: string;
}

/** Deterministic rows mixing every inferred type, plus zero-padded codes that must stay text. */
export async function writeBenchCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('id,code,amount,day,at,flag,label,note\n');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const note = i % 7 === 0 ? '' : i % 11 === 0 ? `"with, comma ${i}"` : `note ${i % 1000}`;
    buffer +=
      `${i},${String(i % 99_999).padStart(5, '0')},${(i * 1.37).toFixed(2)},2024-${month}-${day},` +
      `2024-${month}-${day} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07,` +
      `${i % 2 === 0 ? 'true' : 'false'},label ${i % 500},${note}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return statSync(path).size;
}

function runPsql(psqlPath: string, url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(psqlPath, [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}: ${stderr.trim()}`))));
  });
}

export async function runSeedBench(options: SeedBenchOptions): Promise<SeedBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const schema = options.schema ?? `chatsem_seed_bench_${process.pid}`;
  const file = join(options.workDir, `seed_bench_${rows}.csv`);
  const fileBytes = await writeBenchCsv(file, rows);
  const { adapter } = options;
  try {
    const relation = new Relation({ schema, identifier: 'seed_bench' });
    const started = performance.now();
    const result = await loadSeed(adapter, { filePath: file, relation, config: {}, fullRefresh: true, displayPath: file });
    const seedMs = performance.now() - started;
    let psqlMs: number | null = null;
    if (options.psqlUrl) {
      const baseline = `${quoteIdentifier(schema)}.seed_bench_psql`;
      await adapter.query(`create table ${baseline} (like ${relation})`);
      const psqlStarted = performance.now();
      await runPsql(options.psqlPath ?? 'psql', options.psqlUrl, `\\copy ${baseline} from '${file.replace(/'/g, "''")}' with (format csv, header true)`);
      psqlMs = performance.now() - psqlStarted;
    }
    return { rows, fileBytes, seedMs, psqlMs, ratio: psqlMs ? seedMs / psqlMs : null, message: result.message };
  } finally {
    await adapter.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  }
}
