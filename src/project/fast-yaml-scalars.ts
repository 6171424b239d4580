import type { YMap, YNode, YScalar, YSeq } from './yaml-nodes.js';

/** Thrown (and caught by fastParseYaml) on anything outside the fast reader's subset of YAML. */
export class Unsupported extends Error {}
export function bail(): never {
  throw new Unsupported();
}

export const PLAIN_START_FORBIDDEN = /^[?:,[\]{}#&*!|>'"%@`]/;
const SPECIAL_NUMBER = /^[-+]?(\.(inf|Inf|INF|nan|NaN|NAN)|0x|0o)/;
const INTEGER = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const JSON_ESCAPE = /\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/;

/** A quoted scalar at the start of `text` (closing quote on the same line, JSON-compatible escapes only). */
export function quoted(text: string): { value: string; length: number } {
  if (text.startsWith("'")) {
    let i = 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close < 0) bail();
      if (text[close + 1] === "'") i = close + 2;
      else return { value: text.slice(1, close).replace(/''/g, "'"), length: close + 1 };
    }
  }
  let i = 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length) bail();
  const inner = text.slice(1, i);
  if (JSON_ESCAPE.test(inner)) bail();
  try {
    return { value: JSON.parse(`"${inner}"`) as string, length: i + 1 };
  } catch {
    return bail();
  }
}

export function isTrailingComment(rest: string): boolean {
  const trimmed = rest.trimStart();
  return trimmed === '' || (trimmed.startsWith('#') && rest.length > trimmed.length);
}

/** A plain or quoted scalar typed as YAML 1.2's core schema does (the `yaml` package's default). */
export function scalarNode(text: string, isQuoted: boolean, offset: number): YScalar {
  let value: unknown = text;
  if (!isQuoted) {
    if (SPECIAL_NUMBER.test(text)) bail();
    if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') value = null;
    else if (text === 'true' || text === 'True' || text === 'TRUE') value = true;
    else if (text === 'false' || text === 'False' || text === 'FALSE') value = false;
    else if (INTEGER.test(text)) {
      value = Number(text);
      if (!Number.isSafeInteger(value)) bail();
    } else if (FLOAT.test(text)) value = Number(text);
  }
  return { kind: 'scalar', value, source: isQuoted ? null : text, offset };
}

/** One-line flow collections: `[a, b]`, `{values: [a, 'b'], quote: false}`. */
export class FlowReader {
  private position = 0;
  constructor(private readonly text: string, private readonly offset: number) {}

  node(): YNode {
    this.skipSpaces();
    const char = this.text[this.position];
    if (char === '[') return this.collection({ kind: 'seq', items: [], offset: this.offset + this.position }, ']');
    if (char === '{') return this.collection({ kind: 'map', pairs: [], offset: this.offset + this.position }, '}');
    if (char === '"' || char === "'") {
      const start = this.position;
      const { value, length } = quoted(this.text.slice(start));
      this.position += length;
      return scalarNode(value, true, this.offset + start);
    }
    const start = this.position;
    while (this.position < this.text.length && !',[]{}'.includes(this.text[this.position]!)) {
      if (this.text[this.position] === ':' && /[\s,\]}]/.test(this.text[this.position + 1] ?? ' ')) break;
      if (this.text.startsWith(' #', this.position)) bail();
      this.position++;
    }
    const raw = this.text.slice(start, this.position).trimEnd();
    if (raw === '' || PLAIN_START_FORBIDDEN.test(raw) || raw.startsWith('- ')) bail();
    return scalarNode(raw, false, this.offset + start);
  }

  end(): void {
    if (!isTrailingComment(this.text.slice(this.position))) bail();
  }

  private collection(node: YSeq | YMap, close: string): YNode {
    this.position++;
    const keys = new Set<string>();
    for (;;) {
      this.skipSpaces();
      if (this.text[this.position] === close) break;
      const item = this.node();
      if (node.kind === 'map') {
        this.skipSpaces();
        if (this.text[this.position] !== ':' || item.kind !== 'scalar') bail();
        this.position++;
        const key = String(item.value);
        if (keys.has(key) || key === '<<') bail();
        keys.add(key);
        this.skipSpaces();
        const next = this.text[this.position];
        const value: YNode = next === ',' || next === close ? { kind: 'scalar', value: null, source: null, offset: this.offset + this.position } : this.node();
        node.pairs.push({ key: item, value });
      } else {
        node.items.push(item);
      }
      this.skipSpaces();
      if (this.text[this.position] === ',') this.position++;
      else if (this.text[this.position] !== close) bail();
    }
    this.position++;
    return node;
  }

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position++;
  }
}
