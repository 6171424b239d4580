import { ConfigError, type SourceLocation } from '../core/index.js';
import { didYouMean } from './did-you-mean.js';
import { fastParseYaml } from './fast-yaml.js';
import { fromYamlNode, isYMap, isYScalar, isYSeq, toJS, type YNode } from './yaml-nodes.js';
import { LineStarts, yamlPackage } from './yaml-package.js';

/** One `key: value` of a YAML mapping, with the nodes kept so errors can point at a line. */
export interface YamlEntry {
  key: string;
  keyNode: YNode;
  value: YNode | null;
}

/**
 * A parsed YAML file whose readers record a ConfigError (file + line) for every problem instead of throwing,
 * so one pass reports all mistakes of all files.
 */
export class YamlFile {
  readonly path: string;
  readonly errors: ConfigError[];
  /** The top node; null for an empty file or one that does not parse (its errors are recorded). */
  readonly root: YNode | null;
  private lines: Pick<LineStarts, 'addNewLine' | 'linePos'> = new LineStarts();

  constructor(path: string, text: string, errors: ConfigError[]) {
    this.path = path;
    this.errors = errors;
    const fast = fastParseYaml(text, this.lines);
    if (fast !== undefined) {
      this.root = fast;
      return;
    }
    const { LineCounter, parseDocument } = yamlPackage();
    const lines = new LineCounter();
    this.lines = lines;
    // merge: true gives `<<: *defaults` the meaning PyYAML (and so dbt) gives it.
    const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: true, uniqueKeys: true });
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      errors.push(new ConfigError(`invalid YAML: ${message}`, { file: path, line }, 'Check the indentation and quoting around this line.'));
    }
    this.root = doc.errors.length > 0 ? null : fromYamlNode(doc.contents, doc);
  }

  line(node: YNode | null | undefined): number | undefined {
    return node ? this.lines.linePos(node.offset).line : undefined;
  }

  location(node: YNode | null | undefined, fallback?: YNode | null): SourceLocation {
    return { file: this.path, line: this.line(node) ?? this.line(fallback) };
  }

  fail(node: YNode | null | undefined, message: string, hint?: string, fallback?: YNode | null): void {
    this.errors.push(new ConfigError(message, this.location(node, fallback), hint));
  }

  isNull(node: YNode | null): boolean {
    return node === null || (isYScalar(node) && node.value === null);
  }

  /** Entries of a mapping (merge keys expanded); null (with an error) when the node is something else. */
  entries(node: YNode | null, what: string, near?: YNode | null): YamlEntry[] | null {
    if (!isYMap(node)) {
      this.fail(node, `${what} must be a mapping (key: value), not ${describeNode(node)}`, undefined, near);
      return null;
    }
    const result: YamlEntry[] = [];
    const seen = new Set<string>();
    const merged: YamlEntry[] = [];
    for (const { key: keyNode, value } of node.pairs) {
      if (!isYScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.fail(keyNode, `${what} has a key that is not a plain name`, undefined, node);
        continue;
      }
      const key = String(keyNode.value);
      if (key === '<<') {
        for (const source of isYSeq(value) ? value.items : [value]) {
          for (const entry of this.entries(source, `merge key (<<) in ${what}`, keyNode) ?? []) merged.push(entry);
        }
        continue;
      }
      seen.add(key);
      result.push({ key, keyNode, value });
    }
    for (const entry of merged) if (!seen.has(entry.key)) result.push(entry);
    return result;
  }

  /** Items of a sequence; null (with an error) when the node is something else. */
  items(node: YNode | null, what: string, near?: YNode | null, hint?: string): (YNode | null)[] | null {
    if (!isYSeq(node)) {
      this.fail(node, `${what} must be a list, not ${describeNode(node)}`, hint, near);
      return null;
    }
    return node.items;
  }

  /** Reports every key that is not in `allowed`, with a did-you-mean. `hints` gives key-specific advice. */
  checkKeys(entries: YamlEntry[], allowed: readonly string[], what: string, hints: Record<string, string> = {}): void {
    for (const entry of entries) {
      if (allowed.includes(entry.key)) continue;
      const guess = didYouMean(entry.key, allowed);
      const hint = hints[entry.key] ?? (guess ? `Did you mean \`${guess}\`? ` : '') + `Allowed keys: ${allowed.join(', ')}.`;
      this.fail(entry.keyNode, `unknown key \`${entry.key}\` in ${what}`, hint);
    }
  }

  string(node: YNode | null, what: string, near?: YNode | null): string | null {
    if (isYScalar(node) && typeof node.value === 'string') return node.value;
    this.fail(node, `${what} must be a string, not ${describeNode(node)}`, undefined, near);
    return null;
  }

  /** A string, or a number written without quotes where a name is expected (`version: 1.0`). */
  text(node: YNode | null, what: string, near?: YNode | null): string | null {
    if (isYScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string')) {
      return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    }
    return this.string(node, what, near);
  }

  boolean(node: YNode | null, what: string, near?: YNode | null): boolean | null {
    if (isYScalar(node) && typeof node.value === 'boolean') return node.value;
    this.fail(node, `${what} must be true or false, not ${describeNode(node)}`, undefined, near);
    return null;
  }

  /** A non-negative integer; numeric strings are accepted because env_var() renders to text. */
  integer(node: YNode | null, what: string, near?: YNode | null): number | null {
    const value = isYScalar(node) ? node.value : undefined;
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return number;
    this.fail(node, `${what} must be a whole number, not ${describeNode(node)}`, undefined, near);
    return null;
  }

  /** A string or a list of strings, as dbt accepts for tags, hooks and paths. */
  stringList(node: YNode | null, what: string, near?: YNode | null): string[] | null {
    if (this.isNull(node)) return [];
    if (isYScalar(node)) {
      const single = this.string(node, what, near);
      return single === null ? null : [single];
    }
    const items = this.items(node, `${what} (a string or a list of strings)`, near);
    if (!items) return null;
    const result: string[] = [];
    for (const item of items) {
      const value = this.string(item, `each entry of ${what}`, near);
      if (value !== null) result.push(value);
    }
    return result;
  }

  mapping(node: YNode | null, what: string, near?: YNode | null): Record<string, unknown> | null {
    if (this.isNull(node)) return {};
    if (!isYMap(node)) {
      this.fail(node, `${what} must be a mapping (key: value), not ${describeNode(node)}`, undefined, near);
      return null;
    }
    return toJS(node) as Record<string, unknown>;
  }

  js(node: YNode | null): unknown {
    return toJS(node);
  }
}

export function describeNode(node: YNode | null): string {
  if (node === null) return 'empty';
  if (isYMap(node)) return 'a mapping';
  if (isYSeq(node)) return 'a list';
  const value = node.value;
  if (value === null) return 'empty';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return 'an unexpected value';
}
