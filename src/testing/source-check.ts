/**
 * Turns "the source isn't there" into a message naming what was looked for and the likely fix, instead of the
 * database's `relation "x" does not exist`. Used before source tests and freshness checks.
 */
import type { Adapter } from '../adapters/index.js';
import type { SourceDefinition } from '../core/index.js';
import { ChatsemError, formatLocation } from '../core/index.js';

function sourceLabel(source: SourceDefinition, neededBy?: string): string {
  const where = formatLocation(source.location);
  return `source ${source.source_name}.${source.name}${where ? ` (${where})` : ''}${neededBy ? ` for ${neededBy}` : ''}`;
}

/** `neededBy` names the test or check that looked ("test source_not_null_rasa_events_id (models/sources.yml:9)"). */
export function missingSchemaError(source: SourceDefinition, nearby: string[] = [], neededBy?: string): ChatsemError {
  return new ChatsemError(
    `schema ${source.schema} not found (looked for by ${sourceLabel(source, neededBy)}) — did you load data with ` +
      '`chatsem load`, or is the source\'s schema setting (e.g. var source_schema_prefix) wrong?',
    { location: source.location, exitCode: 1, hint: nearby.length ? `Schemas with a similar name: ${nearby.join(', ')}` : undefined },
  );
}

export function missingTableError(source: SourceDefinition, existing: string[] = [], neededBy?: string): ChatsemError {
  return new ChatsemError(
    `table ${source.identifier} not found in schema ${source.schema} (looked for by ${sourceLabel(source, neededBy)}) — ` +
      'did you load data with `chatsem load`, or should the source table set `identifier:`?',
    {
      location: source.location,
      exitCode: 1,
      hint: existing.length ? `Relations in ${source.schema}: ${existing.join(', ')}` : `Schema ${source.schema} has no tables or views.`,
    },
  );
}

export function missingColumnError(source: SourceDefinition, column: string, existing: string[] = [], neededBy?: string): ChatsemError {
  return new ChatsemError(
    `column ${column} not found in ${source.schema}.${source.identifier} (looked for by ${sourceLabel(source, neededBy)}) — ` +
      'fix the column name in the properties YAML, or reload the data if its format changed',
    { location: source.location, exitCode: 1, hint: existing.length ? `Its columns: ${existing.join(', ')}` : undefined },
  );
}

/** Null when the source's schema, table and the given columns exist; else the first thing missing, explained. */
export async function checkSourceRelation(
  adapter: Adapter,
  source: SourceDefinition,
  columns: string[] = [],
  neededBy?: string,
): Promise<ChatsemError | null> {
  if (!(await adapter.schemaExists(source.schema))) {
    const schemas = await adapter.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
    );
    return missingSchemaError(source, closest(source.schema, schemas.rows.map((r) => r.nspname)), neededBy);
  }
  const relations = await adapter.listRelations([source.schema]);
  if (!relations.some((r) => r.name === source.identifier)) {
    return missingTableError(source, relations.map((r) => r.name).sort(), neededBy);
  }
  if (columns.length === 0) return null;
  const actual = (await adapter.getColumns(source.schema, source.identifier)).map((c) => c.name);
  for (const column of columns) {
    const name = unquote(column);
    const found = /^".*"$/.test(column.trim()) ? actual.includes(name) : actual.some((a) => a.toLowerCase() === name.toLowerCase());
    if (!found) return missingColumnError(source, column, actual, neededBy);
  }
  return null;
}

function unquote(column: string): string {
  const trimmed = column.trim();
  return /^".*"$/.test(trimmed) ? trimmed.slice(1, -1).replace(/""/g, '"') : trimmed;
}

/** Up to three names within a small edit distance (or sharing a prefix), best first. */
export function closest(target: string, candidates: string[]): string[] {
  const scored = candidates
    .map((name) => ({ name, distance: editDistance(target.toLowerCase(), name.toLowerCase()) }))
    .filter((c) => c.distance <= Math.max(3, Math.floor(target.length / 3)) || c.name.startsWith(target.split('_')[0] ?? target));
  return scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name)).slice(0, 3).map((c) => c.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
