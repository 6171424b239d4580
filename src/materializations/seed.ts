/**
 * `chatsem seed`: a CSV file becomes a table, loaded through COPY straight from the file. A first streaming pass
 * checks the file and infers types, so a malformed file changes nothing. The load runs in one transaction:
 * readers see the old rows until it commits, and a failure leaves them in place.
 */
import { createReadStream } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { ChatsemError, DatabaseError, InternalError } from '../core/index.js';
import type { Adapter, Connection, RelationDescription } from '../adapters/index.js';
import { dropDependentsSteps, recreateDependentsSteps, type DependentRelation } from './dependents.js';
import { inspectWarehouse } from './inspect-warehouse.js';
import { catalogColumns, copySql, createTableSql, planColumns, sameColumns, type PlannedColumn } from './seed-columns.js';
import { scanSeedFile } from './seed-scan.js';
import type { LoadSeedInput, SeedResult } from './seed-types.js';
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

export async function loadSeed(adapter: Adapter, input: LoadSeedInput): Promise<SeedResult> {
  const displayPath = displayPathOf(input);
  const delimiter = input.config.delimiter ?? ',';
  checkDelimiter(delimiter, displayPath);
  const scan = await scanSeedFile(input.filePath, displayPath, delimiter);
  const columns = planColumns(scan, input.config, displayPath);
  const { relation } = input;
  const target = relation.render();

  await adapter.createSchema(relation.schema);
  const state = await inspectWarehouse(adapter, relation, '', { compareColumns: () => false, suffix: 'seed' });
  try {
    return await adapter.transaction(async (connection) => {
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
      const source = createReadStream(input.filePath, { end: Math.max(scan.dataEnd - 1, 0), highWaterMark: 1 << 20 });
      const rows = await connection.copyFrom(copySql(target, columns, delimiter), source);
      if (rows !== scan.rows) {
        throw new InternalError(`seed ${displayPath}: COPY loaded ${rows} rows but the file has ${scan.rows}; the CSV readers disagree`);
      }
      if (plan === 'recreate' && state.existing) await runSteps(connection, recreateDependentsSteps(state.dependents), displayPath);
      return {
        message: note ? `INSERT ${rows} (${note})` : `INSERT ${rows}`,
        rowsAffected: rows,
        columns: columns.map(({ name, type, inferred }) => ({ name, type, inferred })),
        action: plan === 'create' ? 'created' : plan === 'truncate' ? 'truncated' : 'recreated',
      };
    });
  } catch (error) {
    throw seedError(error, displayPath);
  }
}
