/**
 * The `_loads` lifecycle (semantic-schema.md §3): a run takes the pending loads once, at its start; they are marked
 * processed (status-1 rows) only after every selected node succeeded; a failed or killed run leaves them pending.
 * On PostgreSQL a session advisory lock keeps two runs from processing the same loads at once.
 */
import type { Adapter, Connection } from '../adapters/index.js';
import { ChatsemError, isSimpleIdentifier, quoteIdentifier, quoteLiteral } from '../core/index.js';

export interface LoadsRunOptions {
  schema: string;
  table: string;
  fullRefresh: boolean;
  /** How long to wait for another run's lock before giving up (ms). */
  lockTimeoutMs: number;
  onWait?: (message: string) => void;
}

export interface LoadsRun {
  schema: string;
  table: string;
  /** Loads this run processes (every loaded id on --full-refresh). */
  loadIds: string[];
  /** Loads still pending at the start (what a normal run would process). */
  pendingIds: string[];
  fullRefresh: boolean;
  /** Write the status-1 rows; called once every node succeeded. */
  markProcessed(): Promise<number>;
  /** Release the lock without marking anything (failed run). */
  release(): Promise<void>;
}

export async function beginLoadsRun(adapter: Adapter, options: LoadsRunOptions): Promise<LoadsRun> {
  const { schema, table } = options;
  for (const [what, name] of [['schema', schema], ['table', table]] as const) {
    if (!isSimpleIdentifier(name)) {
      throw new ChatsemError(`The loads ${what} '${name}' is not a valid identifier`, {
        hint: 'Use letters, digits and underscores only (check the var source_schema_prefix and `loads:` in project.yaml).',
      });
    }
  }
  if (!(await adapter.schemaExists(schema))) {
    throw new ChatsemError(`schema ${schema} not found — did you load data with \`chatsem load\`, or is source_schema_prefix wrong?`, {
      hint: `chatsem looked for the ${table} table in schema ${schema} (from \`loads.schema\` in project.yaml).`,
    });
  }
  const relations = await adapter.listRelations([schema]);
  if (!relations.some((r) => r.name === table)) {
    throw new ChatsemError(`table ${schema}.${table} not found — the raw schema has no load history`, {
      hint: 'Load events with `chatsem load <files> --vars source_schema_prefix=<prefix>` first.',
    });
  }

  const lock = adapter.capabilities.advisoryLocks ? await acquireLock(adapter, schema, options) : null;
  try {
    const loads = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
    const pending = await adapter.query<{ load_id: string }>(
      `select load_id from ${loads} where status = 0
       except select load_id from ${loads} where status = 1
       order by load_id`,
    );
    const pendingIds = pending.rows.map((r) => String(r.load_id));
    let loadIds = pendingIds;
    if (options.fullRefresh) {
      const all = await adapter.query<{ load_id: string }>(`select distinct load_id from ${loads} order by load_id`);
      loadIds = all.rows.map((r) => String(r.load_id));
    }
    let finished = false;
    return {
      schema,
      table,
      loadIds,
      pendingIds,
      fullRefresh: options.fullRefresh,
      async markProcessed() {
        if (finished) return 0;
        finished = true;
        try {
          if (pendingIds.length === 0) return 0;
          // Only loads still lacking a status-1 row: a rerun after a crash between commit and unlock adds nothing twice.
          const values = pendingIds.map((id) => `(${quoteLiteral(id)})`).join(', ');
          const result = await adapter.transaction((c) =>
            c.query(
              `insert into ${loads} (load_id, status, inserted_at)
               select v.load_id, 1, now() at time zone 'utc' from (values ${values}) as v(load_id)
               where not exists (select 1 from ${loads} l where l.load_id = v.load_id and l.status = 1)`,
            ),
          );
          return result.rowCount ?? 0;
        } finally {
          await lock?.release();
        }
      },
      async release() {
        if (finished) return;
        finished = true;
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

interface HeldLock {
  release(): Promise<void>;
}

/** A session-level advisory lock held on its own connection for the whole run. */
async function acquireLock(adapter: Adapter, schema: string, options: LoadsRunOptions): Promise<HeldLock> {
  const key = `chatsem:loads:${schema}`;
  let releaseSignal!: () => void;
  const released = new Promise<void>((resolve) => (releaseSignal = resolve));
  let acquired!: (value: true) => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<true>((resolve, reject) => {
    acquired = resolve;
    failed = reject;
  });
  const holder = adapter
    .withConnection(async (connection: Connection) => {
      const deadline = Date.now() + options.lockTimeoutMs;
      let announced = false;
      for (;;) {
        const got = await connection.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [key]);
        if (got.rows[0]?.locked) break;
        if (Date.now() >= deadline) {
          const holderInfo = await describeHolder(connection, key);
          throw new ChatsemError(`Another chatsem run is processing the loads of ${schema}${holderInfo}`, {
            hint: 'Wait for it to finish and run again (two runs must never process the same loads).',
          });
        }
        if (!announced) {
          options.onWait?.(`Waiting for another chatsem run processing the loads of ${schema}…`);
          announced = true;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      acquired(true);
      await released;
      await connection.query('select pg_advisory_unlock(hashtext($1))', [key]);
    })
    .catch((error: unknown) => failed(error));
  await ready;
  return {
    async release() {
      releaseSignal();
      await holder;
    },
  };
}

async function describeHolder(connection: Connection, key: string): Promise<string> {
  try {
    const result = await connection.query<{ pid: number; application_name: string; client_addr: string | null; backend_start: string }>(
      `select a.pid, a.application_name, a.client_addr::text as client_addr, a.backend_start::text as backend_start
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.objid = (hashtext($1)::bigint & 4294967295)::oid and l.granted limit 1`,
      [key],
    );
    const row = result.rows[0];
    if (!row) return '';
    return ` (server pid ${row.pid}${row.application_name ? `, ${row.application_name}` : ''}, connected since ${row.backend_start})`;
  } catch {
    return '';
  }
}
