import { bail, FlowReader, isTrailingComment, PLAIN_START_FORBIDDEN, quoted, scalarNode, Unsupported } from './fast-yaml-scalars.js';
import type { YMap, YNode, YScalar, YSeq } from './yaml-nodes.js';
import type { LineStarts } from './yaml-package.js';

/**
 * A fast reader for the plain subset of YAML that properties files use (block mappings and lists, one-line
 * flow collections, quoted and plain scalars, literal/folded blocks) into plain nodes with offsets, about ten
 * times faster than the `yaml` package. Anything outside the subset — anchors, tags, multi-line
 * flows, unusual escapes, duplicate keys, syntax errors — returns `undefined` and the caller uses the `yaml`
 * package, which also produces the proper error messages.
 */
export function fastParseYaml(text: string, lineCounter: Pick<LineStarts, 'addNewLine'>): YNode | null | undefined {
  try {
    return new FastParser(text, lineCounter).document();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}


interface Line {
  /** Absolute offset of `content`. */
  offset: number;
  indent: number;
  /** The line without its indentation (and without a trailing \r). */
  content: string;
  blank: boolean;
}


class FastParser {
  private readonly lines: Line[] = [];
  private index = 0;

  constructor(text: string, lineCounter: Pick<LineStarts, 'addNewLine'>) {
    if (text.charCodeAt(0) === 0xfeff || text.includes('\t') || text.includes('\r\n') === false && text.includes('\r')) bail();
    const crlf = text.includes('\r');
    let start = 0;
    for (;;) {
      lineCounter.addNewLine(start);
      const end = text.indexOf('\n', start);
      let raw = text.slice(start, end < 0 ? text.length : end);
      if (crlf && raw.endsWith('\r')) raw = raw.slice(0, -1);
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const content = raw.slice(indent);
      this.lines.push({ offset: start + indent, indent, content, blank: content === '' || content.startsWith('#') });
      if (end < 0) break;
      start = end + 1;
    }
  }

  document(): YNode | null {
    const first = this.peek();
    if (first?.content.startsWith('---')) {
      if (first.content.trim() !== '---' || first.indent !== 0) bail();
      this.index++;
    }
    const head = this.peek();
    if (!head) return null;
    if (head.content.startsWith('%') || head.indent !== 0) bail();
    const root = this.isSeqItem(head) ? this.sequence(0) : this.mapping(0);
    if (this.peek()) bail(); // `...`, a second document or a dedent error: let the full parser report it
    return root;
  }

  /** Next non-blank line, skipping comments. */
  private peek(): Line | undefined {
    while (this.index < this.lines.length && this.lines[this.index]!.blank) this.index++;
    return this.lines[this.index];
  }

  private isSeqItem(line: Line): boolean {
    return line.content === '-' || line.content.startsWith('- ');
  }

  private mapping(indent: number): YMap {
    const map: YMap = { kind: 'map', pairs: [], offset: this.peek()?.offset ?? 0 };
    const keys = new Set<string>();
    for (let line = this.peek(); line && line.indent === indent && !this.isSeqItem(line); line = this.peek()) {
      const split = splitKey(line.content) ?? bail();
      const keyNode = scalarNode(split.key, split.quoted, line.offset);
      const key = String(keyNode.value);
      if (keys.has(key) || key === '<<') bail();
      keys.add(key);
      this.index++;
      const rest = line.content.slice(split.valueStart);
      map.pairs.push({ key: keyNode, value: this.value(rest, line.offset + split.valueStart, indent, true) });
    }
    const line = this.peek();
    if (line && line.indent > indent) bail();
    if (map.pairs.length === 0) bail();
    return map;
  }

  private sequence(indent: number): YSeq {
    const seq: YSeq = { kind: 'seq', items: [], offset: this.peek()!.offset };
    for (let line = this.peek(); line && line.indent === indent && this.isSeqItem(line); line = this.peek()) {
      const rest = line.content.slice(1);
      const skip = rest.length - rest.trimStart().length;
      const content = rest.trimStart();
      const column = indent + 1 + skip;
      if (content !== '' && !content.startsWith('#') && splitKey(content)) {
        // `- name: x` opens a mapping at the key's column; continue it as if that were its own line.
        this.lines[this.index] = { offset: line.offset + 1 + skip, indent: column, content, blank: false };
        seq.items.push(this.mapping(column));
      } else {
        this.index++;
        if (content.startsWith('- ') || content === '-') bail();
        seq.items.push(this.value(content, line.offset + 1 + skip, indent, false));
      }
    }
    const line = this.peek();
    if (line && line.indent > indent) bail();
    return seq;
  }

  /** The value after `key:` or `- ` (`rest`, at absolute `offset`), possibly continued on the following lines. */
  private value(rest: string, offset: number, indent: number, inMapping: boolean): YNode {
    const lead = rest.length - rest.trimStart().length;
    const text = rest.trimStart();
    const at = offset + lead;
    if (text === '' || text.startsWith('#')) {
      const next = this.peek();
      if (next && next.indent > indent) return this.isSeqItem(next) ? this.sequence(next.indent) : this.mapping(next.indent);
      if (next && inMapping && next.indent === indent && this.isSeqItem(next)) return this.sequence(indent);
      return { kind: 'scalar', value: null, source: null, offset: at };
    }
    if (text.startsWith('|') || text.startsWith('>')) return this.blockScalar(text, at, indent);
    let node: YNode;
    if (text.startsWith('[') || text.startsWith('{')) {
      const flow = new FlowReader(text, at);
      node = flow.node();
      flow.end();
    } else if (text.startsWith('"') || text.startsWith("'")) {
      const { value, length, text: whole } = this.quotedScalar(text, indent);
      if (!isTrailingComment(whole.slice(length))) bail();
      node = scalarNode(value, true, at);
    } else {
      node = this.plain(text, at, indent);
    }
    const next = this.peek();
    if (next && next.indent > indent) bail();
    return node;
  }

  /**
   * A quoted scalar, which may continue on more-indented lines (long descriptions): YAML folds each line break into a
   * space and each blank line into a newline, and drops the whitespace around the breaks. A double-quoted scalar that
   * spans lines is left to the yaml package (its escaped line breaks have rules of their own).
   */
  private quotedScalar(text: string, indent: number): { value: string; length: number; text: string } {
    let whole = text;
    for (;;) {
      try {
        return { ...quoted(whole), text: whole };
      } catch (error) {
        if (!(error instanceof Unsupported) || !whole.startsWith("'")) throw error;
      }
      let blanks = 0;
      let next = this.lines[this.index];
      for (; next?.blank; next = this.lines[++this.index]) blanks++;
      if (!next || next.indent <= indent) bail();
      whole = whole.trimEnd() + (blanks > 0 ? '\n'.repeat(blanks) : ' ') + next.content.trim();
      this.index++;
    }
  }

  private plain(text: string, at: number, indent: number): YScalar {
    const comment = text.indexOf(' #');
    let value = (comment < 0 ? text : text.slice(0, comment)).trimEnd();
    if (PLAIN_START_FORBIDDEN.test(value) || value.includes(': ') || value.endsWith(':')) bail();
    if (comment >= 0) return scalarNode(value, false, at);
    // A plain scalar may continue on more-indented lines, folded with spaces (long descriptions).
    for (let next = this.lines[this.index]; next && !next.blank && next.indent > indent; next = this.lines[this.index]) {
      if (next.content.includes(': ') || next.content.includes(' #') || next.content.endsWith(':')) bail();
      value += ` ${next.content.trimEnd()}`;
      this.index++;
    }
    return scalarNode(value, false, at);
  }

  private blockScalar(header: string, at: number, indent: number): YScalar {
    const match = /^([|>])([-+]?)\s*(#.*)?$/.exec(header) ?? bail();
    const [, style, chomp] = match;
    const body: string[] = [];
    let blockIndent = -1;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      const empty = line.content.trim() === '';
      if (!empty && line.indent <= indent) break;
      if (!empty && blockIndent < 0) blockIndent = line.indent;
      if (empty && blockIndent < 0) bail(); // leading blank lines: rare, and their folding rules are subtle
      if (!empty && line.indent < blockIndent) bail();
      if (!empty && style === '>' && line.indent > blockIndent) bail();
      body.push(empty ? '' : ' '.repeat(line.indent - blockIndent) + line.content);
      this.index++;
    }
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    let value = style === '|' ? body.join('\n') : fold(body);
    if (body.length > 0 && chomp !== '-') value += '\n';
    if (chomp === '+') value += '\n'.repeat(trailing);
    return { kind: 'scalar', value, source: null, offset: at };
  }
}

function fold(lines: string[]): string {
  let result = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0) result = line;
    else if (line === '') result += '\n';
    else result += lines[i - 1] === '' ? line : ` ${line}`;
  }
  return result;
}

/** `key: …` at the start of `content`: the key text, whether quoted, and where the value starts. */
function splitKey(content: string): { key: string; quoted: boolean; keyLength: number; valueStart: number } | null {
  if (content.startsWith('"') || content.startsWith("'")) {
    let parsed: { value: string; length: number };
    try {
      parsed = quoted(content);
    } catch {
      return null;
    }
    const after = content.slice(parsed.length);
    if (!(after === ':' || after.startsWith(': '))) return null;
    return { key: parsed.value, quoted: true, keyLength: parsed.length, valueStart: parsed.length + 1 };
  }
  if (PLAIN_START_FORBIDDEN.test(content) || content.startsWith('- ')) return null;
  const colon = content.search(/:( |$)/);
  if (colon <= 0) return null;
  const key = content.slice(0, colon);
  if (key.includes(' #') || key !== key.trimEnd()) bail();
  return { key, quoted: false, keyLength: colon, valueStart: colon + 1 };
}

