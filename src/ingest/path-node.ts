import type { TableState } from './raw-tables.js';

/**
 * A key path of a table, reached from its parent by one raw JSON key: caches the column name (snake case, fitted
 * to 63 bytes) and its index, so flattening an event builds no names and looks nothing up but the key.
 */
export interface PathNode {
  column: string;
  /** Keys from the row's root (1 for a top-level key). */
  depth: number;
  /** Index of the column once it exists in the table (its type variants are found by name). */
  index: number;
  children: Map<string, PathNode> | null;
  /** `<table>__<column>`, the child table of a list at this path. */
  listTable: string | null;
}

export function newPathNode(column: string, depth: number): PathNode {
  return { column, depth, index: -1, children: null, listTable: null };
}

/** Paths remembered per table; past this (keys that are ids), nodes are built and forgotten. */
const MAX_PATH_NODES = 20_000;

/** The node of `key` below `parent`; `column` names it when first seen. */
export function childNode(table: TableState, parent: PathNode, key: string, column: (key: string) => string): PathNode {
  let node = parent.children?.get(key);
  if (node !== undefined) return node;
  node = newPathNode(column(key), parent.depth + 1);
  if (table.pathNodes < MAX_PATH_NODES) {
    (parent.children ??= new Map()).set(key, node);
    table.pathNodes++;
  }
  return node;
}
