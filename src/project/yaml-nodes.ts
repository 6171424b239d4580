import type { Document, Node } from 'yaml';
import { yamlPackage } from './yaml-package.js';

/**
 * Plain-object YAML nodes with source offsets. The `yaml` package's node classes are several times slower to
 * build (every constructor calls Object.defineProperty), which dominated reading large projects.
 */
export interface YScalar {
  kind: 'scalar';
  value: unknown;
  /** The text as written, for plain scalars (`1.0` stays "1.0" where a name is expected). */
  source: string | null;
  offset: number;
}
export interface YPair {
  key: YNode | null;
  value: YNode | null;
}
export interface YMap {
  kind: 'map';
  pairs: YPair[];
  offset: number;
}
export interface YSeq {
  kind: 'seq';
  items: (YNode | null)[];
  offset: number;
}
export type YNode = YScalar | YMap | YSeq;

export const isYScalar = (node: YNode | null | undefined): node is YScalar => node?.kind === 'scalar';
export const isYMap = (node: YNode | null | undefined): node is YMap => node?.kind === 'map';
export const isYSeq = (node: YNode | null | undefined): node is YSeq => node?.kind === 'seq';

/** Plain JavaScript value of a node; `<<` merge keys are expanded as PyYAML (and so dbt) does. */
export function toJS(node: YNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toJS);
  const result: Record<string, unknown> = {};
  const merged: Record<string, unknown>[] = [];
  for (const pair of node.pairs) {
    const key = String(toJS(pair.key));
    if (key === '<<' && pair.value && pair.value.kind !== 'scalar') {
      const sources = pair.value.kind === 'seq' ? pair.value.items : [pair.value];
      for (const source of sources) merged.push(toJS(source) as Record<string, unknown>);
      continue;
    }
    result[key] = toJS(pair.value);
  }
  for (const source of merged) {
    if (source === null || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source)) if (!(key in result)) result[key] = value;
  }
  return result;
}

/** Converts the `yaml` package's nodes (used for files outside the fast reader's subset), resolving aliases. */
export function fromYamlNode(node: Node | null | undefined, doc: Document, seen = new Map<Node, YNode | null>()): YNode | null {
  if (node === null || node === undefined) return null;
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlPackage();
  if (isAlias(node)) return fromYamlNode(node.resolve(doc) as Node | undefined, doc, seen);
  const cached = seen.get(node);
  if (cached !== undefined) return cached;
  const offset = node.range?.[0] ?? 0;
  if (isScalar(node)) {
    const scalar: YScalar = { kind: 'scalar', value: node.value, source: node.source ?? null, offset };
    return scalar;
  }
  if (isSeq(node)) {
    const seq: YSeq = { kind: 'seq', items: [], offset };
    seen.set(node, seq);
    for (const item of node.items) seq.items.push(fromYamlNode(item as Node, doc, seen));
    return seq;
  }
  if (isMap(node)) {
    const map: YMap = { kind: 'map', pairs: [], offset };
    seen.set(node, map);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      map.pairs.push({ key: fromYamlNode(pair.key as Node, doc, seen), value: fromYamlNode(pair.value as Node, doc, seen) });
    }
    return map;
  }
  return null;
}
