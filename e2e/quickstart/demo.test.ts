/**
 * The README's first command: `npx chatsem demo` on the embedded warehouse, no server, no profile. Run here on a
 * copy of the package (so the repository's own .chatsem/ stays untouched) through the real CLI binary.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../src/test-support/databases.js';
import { repoRoot, runCli } from '../cli.js';

const PACKAGE_PATHS = ['project.yaml', 'models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots'];

describe('chatsem demo (README quickstart)', () => {
  const scratch = makeTempDir('chatsem-demo-');
  afterAll(() => scratch.remove());

  it('generates, loads, seeds, runs, tests and summarises on embedded PGlite, and a second run changes nothing', async () => {
    for (const path of PACKAGE_PATHS) {
      if (existsSync(join(repoRoot, path))) cpSync(join(repoRoot, path), join(scratch.path, path), { recursive: true });
    }
    const first = await runCli(['demo', '--sessions', '60', '--users', '20', '--project-dir', scratch.path], { cwd: scratch.path, timeoutMs: 300_000 });
    expect(first.stderr).not.toMatch(/Internal error/);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('No profile configured: using the embedded PGlite warehouse');
    expect(first.output).toMatch(/Loaded demo_event: \d+ events read, \d+ new/);
    expect(first.output).toMatch(/Marked 1 load as processed in demo_event\._loads/);
    expect(first.output).toMatch(/== Summary/);
    expect(first.output).toMatch(/\| sessions \| interactions \| handoff_rate_pct \| containment_rate_pct/);
    expect(first.output).toMatch(/Top intents:/);
    expect(existsSync(join(scratch.path, '.chatsem', 'warehouse'))).toBe(true);

    // Same seed: every event is already present, no load is recorded, the run has nothing to do.
    const second = await runCli(['demo', '--sessions', '60', '--users', '20', '--project-dir', scratch.path], { cwd: scratch.path, timeoutMs: 300_000 });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/0 new, \d+ already present/);
    expect(second.output).toContain('Nothing to do: no pending loads in demo_event._loads');
  }, 400_000);
});
