import { describePostgres, threadsOf, type PostgresConfig } from './postgres-config.js';
import { PostgresAdapter } from './postgres-adapter.js';
import { PostgresDriver } from './postgres-driver.js';

/** Connect once up front so a wrong profile fails before any work starts, and read the server version for the flags. */
export async function openPostgresAdapter(config: PostgresConfig): Promise<PostgresAdapter> {
  const driver = new PostgresDriver(config);
  let version: number;
  try {
    const connection = await driver.acquire();
    try {
      const result = await connection.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      version = Number(result.rows[0]?.v);
    } finally {
      connection.release();
    }
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
  return new PostgresAdapter({
    driver,
    description: describePostgres(config),
    defaultSchema: config.schema,
    threads: threadsOf(config),
    serverVersion: version,
  });
}
