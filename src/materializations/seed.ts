/**
 * `chatsem seed`: a CSV file becomes a table, loaded through COPY straight from the file. A first streaming pass
 * checks the file and infers types, so a malformed file changes nothing. The load runs in one transaction:
 * readers see the old rows until it commits, and a failure leaves them in place.
 */
import { createReadStream, statSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { ChatsemError, DatabaseError, InternalError } from '../core/index.js';
import type { Adapter, Connection, RelationDescription } from '../adapters/index.js';
import { dropDependentsSteps, recreateDependentsSteps, type DependentRelation } from './dependents.js';
import { inspectWarehouse, type WarehouseState } from './inspect-warehouse.js';
import { catalogColumns, copySql, createTableSql, planColumns, sameColumns, type PlannedColumn } from './seed-columns.js';
import { scanSeedFile } from './seed-scan.js';
import type { LoadSeedInput, SeedResult, SeedScan } from './seed-types.js';
import { dropSql, type RelationKind } from './sql-fragments.js';
import type { Step } from './step.js';

function displayPathOf(input: LoadSeedInput): string {
  if (input.displayPath) return input.displayPath;
  const fromCwd = relative(process.cwd(), input.filePath);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? input.filePath : fromCwd;
}

function checkDelimiter(delimiter: string, displayPath: string): void {
  if (Buffer.byteLength(delimiter, 'utf8') !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ChatsemError(`delimiter ${JSON.stringify(delimiter)} must be one single-byte character other than a quote or newline`, {
      location: { file: displayPath },
      hint: 'Set `delimiter` to e.g. "," ";" "|" or "\\t".',
    });
  }
}

type Plan = 'create' | 'truncate' | 'recreate';

/** Truncate when the table already has the right columns (keeps dependent views untouched); rebuild otherwise. */
async function choosePlan(
  connection: Connection,
  adapter: Adapter,
  existing: RelationDescription | null,
  columns: PlannedColumn[],
  input: LoadSeedInput,
  dependents: DependentRelation[],
): Promise<{ plan: Plan; note: string | null }> {
  if (existing === null) return { plan: 'create', note: null };
  if (existing.type !== 'table') return { plan: 'recreate', note: `table recreated: it was a ${existing.type.replace('_', ' ')}` };
  const same = sameColumns(await adapter.getColumns(existing.schema, existing.name), await catalogColumns(connection, columns));
  if (same && (!input.fullRefresh || dependents.length > 0)) return { plan: 'truncate', note: null };
  return { plan: 'recreate', note: same || input.fullRefresh ? null : 'table recreated: columns changed' };
}

async function runSteps(connection: Connection, steps: Step[], displayPath: string): Promise<void> {
  for (const step of steps) {
    try {
      await connection.query(step.sql);
    } catch (error) {
      if (!step.dependent) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseError(`Seed ${displayPath}: the new columns would break the dependent view ${step.dependent} (${reason}); nothing was changed`, {
        sqlState: error instanceof DatabaseError ? error.sqlState : undefined,
        hint: `Update ${step.dependent} to the seed's new columns (or drop it), then load the seed again.`,
        cause: error,
      });
    }
  }
}

/**
 * A COPY or CREATE failure, naming the file (and the line, when PostgreSQL names one) in the message itself:
 * the runner prints a DatabaseError's message and hint, not its location.
 */
function seedError(error: unknown, displayPath: string): unknown {
  if (!(error instanceof DatabaseError) || error.message.startsWith('Seed ')) return error;
  const line = /\bline (\d+)/.exec(error.hint ?? '')?.[1];
  const advice = 'If a column was given the wrong type, fix it in `column_types` (or remove it there to let chatsem infer it).';
  return new DatabaseError(`Seed file ${displayPath}${line ? ` line ${line}` : ''}: ${error.message}`, {
    sqlState: error.sqlState,
    hint: error.hint ? `${error.hint}\n  ${advice}` : advice,
    cause: error,
  });
}

/** Bytes scanned to guess the types before COPY starts; the rest is scanned while COPY runs. */
const GUESS_BYTES = 4 << 20;

interface Loaded {
  result: SeedResult;
  rows: number;
}

interface LoadContext {
  input: LoadSeedInput;
  adapter: Adapter;
  displayPath: string;
  delimiter: string;
  state: WarehouseState;
}

/** Bring the table to `columns` (truncate, create or rebuild) and COPY the file into it. */
async function loadInto(connection: Connection, context: LoadContext, columns: PlannedColumn[], dataEnd: number): Promise<Loaded> {
  const { input, adapter, displayPath, delimiter, state } = context;
  const { relation } = input;
  const target = relation.render();
  const { plan, note } = await choosePlan(connection, adapter, state.existing, columns, input, state.dependents);
  if (plan === 'truncate') {
    await connection.query(`truncate table ${target}`);
  } else {
    const existingKind = state.existing?.type as RelationKind | undefined;
    if (existingKind) {
      await runSteps(connection, dropDependentsSteps(state.dependents), displayPath);
      await connection.query(dropSql(relation, existingKind));
    }
    await connection.query(createTableSql(target, columns));
  }
  const source = createReadStream(input.filePath, { end: Math.max(dataEnd - 1, 0), highWaterMark: 1 << 20 });
  const rows = await connection.copyFrom(copySql(target, columns, delimiter), source);
  if (plan === 'recreate' && state.existing) await runSteps(connection, recreateDependentsSteps(state.dependents), displayPath);
  const result: SeedResult = {
    message: note ? `INSERT ${rows} (${note})` : `INSERT ${rows}`,
    rowsAffected: rows,
    columns: columns.map(({ name, type, inferred }) => ({ name, type, inferred })),
    action: plan === 'create' ? 'created' : plan === 'truncate' ? 'truncated' : 'recreated',
  };
  return { result, rows };
}

function checkRows(loaded: Loaded, scan: SeedScan, displayPath: string): SeedResult {
  if (loaded.rows !== scan.rows) {
    throw new InternalError(`seed ${displayPath}: COPY loaded ${loaded.rows} rows but the file has ${scan.rows}; the CSV readers disagree`);
  }
  return loaded.result;
}

function sameTypes(a: PlannedColumn[], b: PlannedColumn[]): boolean {
  return a.length === b.length && a.every((column, index) => column.type === b[index]?.type);
}

/**
 * Load a seed CSV into `relation` through COPY. Files larger than a few MB are loaded on types guessed from their
 * beginning while the rest is scanned; if the full scan disagrees, the load is rolled back to a savepoint and
 * redone with the right types, and a malformed file rolls everything back.
 */
export async function loadSeed(adapter: Adapter, input: LoadSeedInput): Promise<SeedResult> {
  const displayPath = displayPathOf(input);
  const delimiter = input.config.delimiter ?? ',';
  checkDelimiter(delimiter, displayPath);
  const guess = await scanSeedFile(input.filePath, displayPath, delimiter, GUESS_BYTES);
  const fullScan = guess.complete ? Promise.resolve(guess) : scanSeedFile(input.filePath, displayPath, delimiter);
  // Awaited inside the transaction; until then a rejection must not count as unhandled.
  fullScan.catch(() => undefined);
  const guessed = planColumns(guess, input.config, displayPath);

  await adapter.createSchema(input.relation.schema);
  const state = await inspectWarehouse(adapter, input.relation, '', { compareColumns: () => false, suffix: 'seed' });
  const context: LoadContext = { input, adapter, displayPath, delimiter, state };
  try {
    return await adapter.transaction(async (connection) => {
      if (guess.complete) return checkRows(await loadInto(connection, context, guessed, guess.dataEnd), guess, displayPath);
      await connection.query('savepoint chatsem_seed_guess');
      let loaded: Loaded | null = null;
      let failure: unknown = null;
      try {
        loaded = await loadInto(connection, context, guessed, Infinity);
      } catch (error) {
        failure = error;
      }
      const scan = await fullScan;
      const columns = planColumns(scan, input.config, displayPath);
      if (sameTypes(columns, guessed) && scan.dataEnd >= statSync(input.filePath).size) {
        if (loaded === null) throw failure;
        return checkRows(loaded, scan, displayPath);
      }
      await connection.query('rollback to savepoint chatsem_seed_guess');
      return checkRows(await loadInto(connection, context, columns, scan.dataEnd), scan, displayPath);
    });
  } catch (error) {
    throw seedError(error, displayPath);
  }
}
