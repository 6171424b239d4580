import { afterAll, describe, expect, it } from 'vitest';
import { ConnectionError, DatabaseError, describeError } from '../../core/index.js';
import { postgresReachable, postgresTestUrl } from '../../test-support/databases.js';
import { createAdapter, type Adapter } from '../index.js';
import { scrubSecrets, toConnectionError, toStatementError } from './postgres-errors.js';

const PASSWORD = 'S3cret-p@ss/word';
const postgresUp = await postgresReachable();
const url = new URL(postgresTestUrl());
const base = {
  type: 'postgres' as const,
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username),
  password: PASSWORD,
  database: url.pathname.slice(1),
  schema: 'main',
  connectTimeout: 5,
};

async function connectionFailure(config: typeof base): Promise<ConnectionError> {
  const error = await createAdapter(config).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConnectionError);
  return error as ConnectionError;
}

describe('scrubbing secrets', () => {
  it('removes the password, also URL-encoded, from any text', () => {
    const text = `could not connect postgres://u:${encodeURIComponent(PASSWORD)}@h/db with ${PASSWORD}`;
    expect(scrubSecrets(text, [PASSWORD])).toBe('could not connect postgres://u:****@h/db with ****');
  });

  it('never lets a driver message carry the password into a ConnectionError', () => {
    const error = toConnectionError(
      Object.assign(new Error(`password authentication failed: "${PASSWORD}"`), { code: '28P01' }),
      { host: 'db.example', port: 5432, database: 'analytics', user: 'alice' },
      [PASSWORD],
    );
    const text = describeError(error);
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('db.example:5432, database "analytics", user "alice"');
    expect(text).toMatch(/check `user` and `password`/);
  });

  it('keeps SQLSTATE, position and details of a statement error', () => {
    const error = toStatementError(
      Object.assign(new Error('syntax error at or near "form"'), { code: '42601', position: '10', hint: 'did you mean FROM?' }),
      [],
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ sqlState: '42601', position: 10, hint: 'did you mean FROM?' });
  });
});

describe('connection failures', () => {
  it('names host, port, database and user, suggests a fix, and hides the password when nothing listens', async () => {
    const error = await connectionFailure({ ...base, host: '127.0.0.1', port: 1 });
    const text = describeError(error);
    expect(text).toContain('127.0.0.1:1');
    expect(text).toContain(`database "${base.database}"`);
    expect(text).toContain(`user "${base.user}"`);
    expect(text).toMatch(/Nothing is listening on 127\.0\.0\.1:1/);
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  describe.skipIf(!postgresUp)('against the test server', () => {
    const opened: Adapter[] = [];
    afterAll(async () => {
      for (const adapter of opened) await adapter.close();
    });

    it('explains a missing database', async () => {
      const error = await connectionFailure({ ...base, database: 'no_such_db_chatsem' });
      const text = describeError(error);
      expect(text).toContain('"no_such_db_chatsem"');
      expect(text).toMatch(/createdb/);
      expect(text).not.toContain(PASSWORD);
    });

    it('explains a role it cannot switch to', async () => {
      const error = await connectionFailure({ ...base, role: 'no_such_role_chatsem' } as typeof base);
      expect(describeError(error)).toMatch(/could not switch to role "no_such_role_chatsem"/);
    });

    it('applies search_path and application_name to every connection', async () => {
      const adapter = await createAdapter({ ...base, password: undefined, searchPath: 'chatsem_sp, public', applicationName: 'chatsem-test' });
      opened.push(adapter);
      const result = await adapter.query<{ sp: string; app: string }>(`select current_setting('search_path') as sp, current_setting('application_name') as app`);
      expect(result.rows[0]).toEqual({ sp: 'chatsem_sp, public', app: 'chatsem-test' });
    });

    it('cancels a statement in flight', async () => {
      const adapter = await createAdapter({ ...base, password: undefined });
      opened.push(adapter);
      const running = adapter.query('select pg_sleep(30)').catch((caught: unknown) => caught);
      // Wait until the server really runs it, then cancel.
      for (let attempt = 0; attempt < 100; attempt++) {
        const active = await createAdapter({ ...base, password: undefined }).then(async (probe) => {
          try {
            const rows = await probe.query(`select 1 from pg_stat_activity where query = 'select pg_sleep(30)' and state = 'active'`);
            return rows.rows.length > 0;
          } finally {
            await probe.close();
          }
        });
        if (active) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await adapter.cancel();
      const error = await running;
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).sqlState).toBe('57014');
    });
  });
});
