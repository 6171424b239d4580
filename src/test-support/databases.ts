/**
 * Helpers shared by test files: the local PostgreSQL server (skipped with a clear message when unreachable)
 * and scratch directories. Test-only; excluded from the build.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The local server of the brief: 127.0.0.1:5432, trust auth, database `test`. Override with CHATSEM_TEST_PG_URL. */
export function postgresTestUrl(): string {
  return process.env.CHATSEM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

let reachable: Promise<boolean> | undefined;

/** True when the test server answers; tests use `describe.skipIf(!(await postgresReachable()))` and print why. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresTestUrl(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      process.stderr.write(
        `PostgreSQL tests skipped: no server at ${postgresTestUrl()} (${(error as Error).message}). ` +
          'Start it with `pg_ctlcluster --skip-systemctl-redirect 15 main start` or set CHATSEM_TEST_PG_URL.\n',
      );
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** A schema name unique to this process and call, so parallel test files never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export function makeTempDir(prefix = 'chatsem-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Absolute path of ../shared/data/rasa when present (CI always has it; a user's clone may not). */
export function sharedRasaDataDir(): string | null {
  const dir = join(process.cwd(), '..', 'shared', 'data', 'rasa');
  if (existsSync(dir)) return dir;
  process.stderr.write(`Tests on real Rasa exports skipped: ${dir} is absent (it exists next to the repository in CI).\n`);
  return null;
}
