/**
 * Results of the queries a run-time render made so far. A render is replayed from the start after each new
 * query, so results are matched by position: the n-th query of a render gets the n-th result (its SQL must match).
 */
import type { RuntimeContext, RuntimeQueryResult } from './compile-options.js';

export type MemoEntry =
  | { kind: 'query'; key: string; result: RuntimeQueryResult }
  | { kind: 'columns'; key: string; result: { name: string; dataType: string }[] };

export class QueryMemo {
  readonly entries: MemoEntry[] = [];
  /** Position of the next query in the current replay. */
  cursor = 0;

  constructor(readonly runtime: RuntimeContext) {}

  startReplay(): void {
    this.cursor = 0;
  }

  /** The memoised result for the next query of this replay, or undefined when it has not run yet. */
  next(kind: MemoEntry['kind'], key: string): MemoEntry | undefined {
    const entry = this.entries[this.cursor];
    if (entry && entry.kind === kind && entry.key === key) {
      this.cursor++;
      return entry;
    }
    if (entry) {
      // The template took another path than last time (it is not deterministic): forget what follows.
      this.entries.length = this.cursor;
    }
    return undefined;
  }
}
