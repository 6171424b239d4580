/**
 * `on_schema_change` for incremental runs: compares the columns of the model's new result with the target's and
 * returns the ALTER statement to run plus the column list to insert. Unlike dbt, `sync_all_columns` also applies
 * type changes (`alter column … type … using col::newtype`; dbt-adapters#319).
 */
import { quoteIdentifier } from '../core/index.js';
import type { ManifestNode, Relation } from '../core/index.js';
import type { ColumnDescription } from '../adapters/index.js';
import type { OnSchemaChange } from './materialization-config.js';
import { nodeError } from './node-error.js';
import { step, type Step } from './step.js';

export interface TypeChange {
  name: string;
  from: string;
  to: string;
}

export interface SchemaDiff {
  added: ColumnDescription[];
  removed: ColumnDescription[];
  changed: TypeChange[];
}

export function diffColumns(target: ColumnDescription[], source: ColumnDescription[]): SchemaDiff {
  const targetByName = new Map(target.map((column) => [column.name, column]));
  const sourceNames = new Set(source.map((column) => column.name));
  const changed: TypeChange[] = [];
  for (const column of source) {
    const old = targetByName.get(column.name);
    if (old && old.dataType !== column.dataType) changed.push({ name: column.name, from: old.dataType, to: column.dataType });
  }
  return {
    added: source.filter((column) => !targetByName.has(column.name)),
    removed: target.filter((column) => !sourceNames.has(column.name)),
    changed,
  };
}

export interface SchemaChangePlan {
  steps: Step[];
  /** Quoted names of the columns to copy from the new data into the target, in target order where possible. */
  insertColumns: string[];
  /** Columns are dropped or retyped: views on the target must be dropped first and recreated afterwards. */
  touchesDependents: boolean;
}

export function planSchemaChange(
  node: ManifestNode,
  mode: OnSchemaChange,
  target: Relation,
  targetColumns: ColumnDescription[],
  sourceColumns: ColumnDescription[],
): SchemaChangePlan {
  const diff = diffColumns(targetColumns, sourceColumns);
  const sourceNames = sourceColumns.map((column) => quoteIdentifier(column.name));
  const none = diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
  if (none) return { steps: [], insertColumns: targetColumns.map((column) => quoteIdentifier(column.name)), touchesDependents: false };

  switch (mode) {
    case 'ignore': {
      if (diff.removed.length > 0) {
        throw nodeError(
          node,
          `the model no longer returns column(s) ${names(diff.removed)} of ${target}, so on_schema_change: ignore cannot insert its rows`,
          'Set on_schema_change to append_new_columns (keeps the columns, fills them with nulls) or sync_all_columns ' +
            '(drops them), or run with --full-refresh.',
        );
      }
      // New columns are left out, as dbt does; type differences are left to PostgreSQL's assignment casts.
      const added = new Set(diff.added.map((column) => column.name));
      return { steps: [], insertColumns: targetColumns.filter((c) => !added.has(c.name)).map((c) => quoteIdentifier(c.name)), touchesDependents: false };
    }
    case 'fail':
      throw nodeError(node, `the columns of ${target} differ from the model's (on_schema_change: fail):\n${describeDiff(diff)}`,
        'Run with --full-refresh to rebuild the table, or set on_schema_change to append_new_columns or sync_all_columns.');
    case 'append_new_columns': {
      const actions = diff.added.map((column) => `add column ${quoteIdentifier(column.name)} ${column.dataType}`);
      return { steps: alterSteps(target, actions, 'add new columns'), insertColumns: sourceNames, touchesDependents: false };
    }
    case 'sync_all_columns': {
      const actions = [
        ...diff.added.map((column) => `add column ${quoteIdentifier(column.name)} ${column.dataType}`),
        ...diff.removed.map((column) => `drop column ${quoteIdentifier(column.name)}`),
        ...diff.changed.map((change) => {
          const name = quoteIdentifier(change.name);
          return `alter column ${name} type ${change.to} using ${name}::${change.to}`;
        }),
      ];
      return {
        steps: alterSteps(target, actions, 'sync the columns with the model'),
        insertColumns: sourceNames,
        touchesDependents: diff.removed.length > 0 || diff.changed.length > 0,
      };
    }
  }
}

/** One ALTER TABLE so PostgreSQL rewrites the table at most once. */
function alterSteps(target: Relation, actions: string[], purpose: string): Step[] {
  if (actions.length === 0) return [];
  return [step(`alter table ${target}\n  ${actions.join(',\n  ')}`, purpose)];
}

function names(columns: ColumnDescription[]): string {
  return columns.map((column) => quoteIdentifier(column.name)).join(', ');
}

export function describeDiff(diff: SchemaDiff): string {
  const lines: string[] = [];
  if (diff.added.length > 0) lines.push(`  added: ${diff.added.map((c) => `${quoteIdentifier(c.name)} ${c.dataType}`).join(', ')}`);
  if (diff.removed.length > 0) lines.push(`  removed: ${diff.removed.map((c) => `${quoteIdentifier(c.name)} ${c.dataType}`).join(', ')}`);
  if (diff.changed.length > 0) lines.push(`  changed: ${diff.changed.map((c) => `${quoteIdentifier(c.name)} ${c.from} -> ${c.to}`).join(', ')}`);
  return lines.join('\n');
}
