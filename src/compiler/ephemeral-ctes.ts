/**
 * Ephemeral models are not built: their SQL is injected as CTEs at the top of each node that refs them,
 * dependencies first, each once, merged into an existing leading `with` as dbt does.
 */
import type { NodeBuild } from './session-types.js';
import { EPHEMERAL_PREFIX } from './relation-naming.js';

export interface InjectedCte {
  id: string;
  sql: string;
}

/** The CTEs a node needs for the ephemeral models it refs, recursively, in dependency order. */
export function collectCtes(refs: readonly string[], builds: ReadonlyMap<string, NodeBuild>): InjectedCte[] {
  const seen = new Set<string>();
  const out: InjectedCte[] = [];
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const build = builds.get(id);
    if (!build) return;
    for (const dependency of build.ephemeralRefs) visit(dependency);
    const name = EPHEMERAL_PREFIX + build.node.alias;
    out.push({ id, sql: `${name} as (\n${build.bodySql ?? ''}\n)` });
  };
  for (const id of refs) visit(id);
  return out;
}

/** Offset of the first token after leading whitespace and SQL comments. */
function firstTokenOffset(sql: string): number {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

export function injectCtes(sql: string, ctes: readonly InjectedCte[]): string {
  if (ctes.length === 0) return sql;
  const list = ctes.map((cte) => cte.sql).join(', ');
  const start = firstTokenOffset(sql);
  const head = /^with\b(\s+recursive\b)?/i.exec(sql.slice(start));
  if (head) {
    const at = start + head[0].length;
    return `${sql.slice(0, at)} ${list},${sql.slice(at)}`;
  }
  // Leading comments stay where they were only when there are none: dbt puts `with` before them too.
  const leading = sql.slice(0, start).trim() === '' ? sql.slice(0, start) : '';
  return `${leading}with ${list}\n${leading === '' ? sql : sql.slice(start)}`;
}
