/**
 * Rendering against the warehouse by replay: template functions are synchronous, so a render that needs a
 * query result it does not have yet throws a QuerySignal; the query runs, its result is memoised and the
 * render starts again, until it completes (at most MAX_QUERIES queries).
 */
import { CompilationError } from '../core/index.js';
import type { RuntimeContext } from './compile-options.js';
import { QueryMemo } from './query-memo.js';
import type { RenderState } from './render-state.js';
import { QuerySignal, unwrapTemplateCause } from './signals.js';

export const MAX_QUERIES = 100;

export async function replayRender(
  runtime: RuntimeContext,
  makeState: (memo: QueryMemo) => RenderState,
  render: (state: RenderState) => string,
  describe: string,
): Promise<{ sql: string; state: RenderState }> {
  const memo = new QueryMemo(runtime);
  for (;;) {
    memo.startReplay();
    const state = makeState(memo);
    let signal: QuerySignal;
    try {
      return { sql: render(state), state };
    } catch (error) {
      const cause = unwrapTemplateCause(error);
      if (!(cause instanceof QuerySignal)) throw error;
      signal = cause;
    }
    if (memo.entries.length >= MAX_QUERIES) {
      throw new CompilationError(`${describe} ran more than ${MAX_QUERIES} queries while rendering`, {
        hint: 'A loop around run_query() or statement() probably never ends; check the template.',
      });
    }
    if (signal.kind === 'columns' && signal.relation) {
      const columns = await runtime.getColumns(signal.relation.schema, signal.relation.name);
      memo.entries.push({ kind: 'columns', key: signal.sql, result: columns });
    } else {
      memo.entries.push({ kind: 'query', key: signal.sql, result: await runtime.query(signal.sql) });
    }
  }
}
