/**
 * Template functions that read the warehouse: run_query, statement/load_result, adapter.*, pending_load_ids.
 * At compile time they return empty results and mark the node `renders_at_runtime`; at run time they return
 * memoised results or throw a QuerySignal so the replay loop can run the query (see runtime-render.ts).
 */
import { quoteIdentifier, quoteLiteral, Relation } from '../core/index.js';
import { AgateTable, statementResult } from './agate-table.js';
import { bindArgs } from './call-args.js';
import { activeState } from './render-state.js';
import type { RenderState } from './render-state.js';
import { QuerySignal } from './signals.js';
import type { RuntimeQueryResult } from './compile-options.js';

/** Runs (or replays) one query of a run-time render; null when not at run time. */
function query(state: RenderState, sql: string): RuntimeQueryResult | null {
  if (state.mode !== 'runtime' || !state.memo) {
    state.readsRuntime = true;
    return null;
  }
  const entry = state.memo.next('query', sql);
  if (!entry) throw new QuerySignal(sql, 'query');
  return entry.result as RuntimeQueryResult;
}

function runQuery(sql: unknown): AgateTable {
  const result = query(activeState(), String(sql));
  return result ? new AgateTable(result) : AgateTable.empty();
}

function statement(...args: unknown[]): string {
  const bound = bindArgs(['name', 'fetch_result', 'auto_begin', 'language'], args);
  const state = activeState();
  const caller = bound.caller as (() => unknown) | undefined;
  const sql = caller ? String(caller()) : '';
  const result = query(state, sql);
  state.statements ??= new Map();
  state.statements.set(String(bound.name ?? 'main'), statementResult(result));
  return '';
}

function loadResult(name: unknown): unknown {
  const state = activeState();
  const entry = state.statements?.get(String(name));
  if (entry) return entry;
  if (state.mode === 'runtime') return null;
  state.readsRuntime = true;
  return statementResult(null);
}

/** A column as `adapter.get_columns_in_relation` returns it (dbt's Column API). */
export class AdapterColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
  ) {}
  get column(): string {
    return this.name;
  }
  get dtype(): string {
    return this.data_type;
  }
  get quoted(): string {
    return quoteIdentifier(this.name);
  }
  is_string(): boolean {
    return /char|text|string/i.test(this.data_type);
  }
  is_number(): boolean {
    return /int|numeric|decimal|real|double|float|serial/i.test(this.data_type);
  }
  is_integer(): boolean {
    return /int|serial/i.test(this.data_type);
  }
  is_float(): boolean {
    return /real|double|float/i.test(this.data_type);
  }
  is_numeric(): boolean {
    return /numeric|decimal/i.test(this.data_type);
  }
  toString(): string {
    return this.name;
  }
}

function relationParts(relation: unknown): { schema: string; name: string } {
  const r = relation as { schema?: unknown; identifier?: unknown; name?: unknown };
  return { schema: String(r.schema ?? ''), name: String(r.identifier ?? r.name ?? '') };
}

function getColumnsInRelation(relation: unknown): AdapterColumn[] {
  const state = activeState();
  if (state.mode !== 'runtime' || !state.memo) {
    state.readsRuntime = true;
    return [];
  }
  const target = relationParts(relation);
  const key = `${target.schema}.${target.name}`;
  const entry = state.memo.next('columns', key);
  if (!entry) throw new QuerySignal(key, 'columns', target);
  return (entry.result as { name: string; dataType: string }[]).map((column) => new AdapterColumn(column.name, column.dataType));
}

function getRelation(...args: unknown[]): Relation | null {
  const bound = bindArgs(['database', 'schema', 'identifier'], args);
  const schema = String(bound.schema ?? '');
  const identifier = String(bound.identifier ?? '');
  const sql =
    'select c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace ' +
    `where n.nspname = ${quoteLiteral(schema)} and c.relname = ${quoteLiteral(identifier)} and c.relkind in ('r', 'p', 'v', 'm')`;
  const result = query(activeState(), sql);
  const kind = result?.rows[0]?.relkind;
  if (kind === undefined) return null;
  const type = kind === 'v' ? 'view' : kind === 'm' ? 'materialized_view' : 'table';
  return new Relation({ database: (bound.database as string | null) ?? null, schema, identifier, type });
}

function checkSchemaExists(...args: unknown[]): boolean {
  const bound = bindArgs(['database', 'schema'], args);
  const result = query(activeState(), `select 1 as found from pg_catalog.pg_namespace where nspname = ${quoteLiteral(String(bound.schema ?? ''))}`);
  return (result?.rows.length ?? 0) > 0;
}

export function warehouseFunctions(): Record<string, unknown> {
  return {
    run_query: runQuery,
    statement,
    load_result: loadResult,
    pending_load_ids: () => {
      const state = activeState();
      if (state.mode === 'runtime' && state.memo) return state.memo.runtime.pendingLoadIds?.slice() ?? [];
      state.readsRuntime = true;
      return [];
    },
    adapter: {
      quote: (name: unknown) => quoteIdentifier(String(name)),
      quote_as_configured: (name: unknown) => String(name),
      dispatch: (...args: unknown[]) => {
        const bound = bindArgs(['macro_name', 'macro_namespace'], args);
        const state = activeState();
        return state.session.dispatch(String(bound.macro_name), bound.macro_namespace ? String(bound.macro_namespace) : null);
      },
      type: () => activeState().session.adapterType,
      get_columns_in_relation: getColumnsInRelation,
      get_relation: getRelation,
      check_schema_exists: checkSchemaExists,
    },
  };
}
