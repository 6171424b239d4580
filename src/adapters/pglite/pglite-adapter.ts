import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ChatsemError } from '../../core/index.js';
import type { AdapterCapabilities } from '../adapter.js';
import { PostgresAdapter } from '../postgres/postgres-adapter.js';
import { DEFAULT_COPY_CHUNK_BYTES, IN_MEMORY_PATH, type PGliteConfig, type PGliteOpenOptions } from './pglite-config.js';
import { PGliteDriver } from './pglite-driver.js';
import { acquireDirectoryLock, type DirectoryLock } from './pglite-lock.js';
import { pgliteParsers } from './pglite-parsers.js';

/** PostgreSQL's SQL and introspection over PGlite's single in-process session; only the flags differ. */
export class PGliteAdapter extends PostgresAdapter {
  override readonly type: string = 'pglite';

  override get capabilities(): AdapterCapabilities {
    // One session: no parallel nodes, and advisory locks would only ever see this process.
    return { multipleConnections: false, transactionalDdl: true, merge: this.version >= 150000, advisoryLocks: false };
  }
}

export async function openPGliteAdapter(config: PGliteConfig, options: PGliteOpenOptions = {}): Promise<PGliteAdapter> {
  const inMemory = config.path.startsWith(IN_MEMORY_PATH);
  const dataDir = inMemory ? undefined : resolve(config.path);
  const lock: DirectoryLock | null = dataDir ? await acquireDirectoryLock(dataDir, options.lockTimeoutMs ?? 0) : null;
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { parsers: pgliteParsers });
  } catch (error) {
    lock?.release();
    throw new ChatsemError(`Could not open the PGlite database ${dataDir ?? 'in memory'}: ${(error as Error).message}`, {
      hint: 'Check that `path` in your profile is a folder chatsem can write, holding a PGlite database (or empty).',
      cause: error,
    });
  }
  const driver = new PGliteDriver(db, options.copyChunkBytes ?? DEFAULT_COPY_CHUNK_BYTES, () => lock?.release());
  const version = await db.query<{ v: string }>(`select current_setting('server_version_num') as v`);
  return new PGliteAdapter({
    driver,
    description: dataDir ? `pglite:${dataDir}` : 'pglite (in memory)',
    defaultSchema: config.schema,
    threads: 1,
    serverVersion: Number(version.rows[0]?.v),
  });
}
