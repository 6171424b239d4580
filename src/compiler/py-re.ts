/** Enough of Python's `re` module for dbt templates (`modules.re`), translated to JavaScript regular expressions. */
import { pythonCallable } from './call-args.js';

const FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64 };

function translate(pattern: string, flags: number, global: boolean): RegExp {
  let source = String(pattern);
  let js = global ? 'g' : '';
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]!) if (f === 'i') flags |= 2; else if (f === 'm') flags |= 8; else if (f === 's') flags |= 16;
  }
  if (flags & 2) js += 'i';
  if (flags & 8) js += 'm';
  if (flags & 16) js += 's';
  source = source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  return new RegExp(source, js + 'u');
}

export class PyMatch {
  constructor(private readonly match: RegExpExecArray) {}
  group(...indexes: unknown[]): unknown {
    const pick = (index: unknown): string | null => {
      const value = typeof index === 'string' ? this.match.groups?.[index] : this.match[Number(index ?? 0)];
      return value ?? null;
    };
    if (indexes.length <= 1) return pick(indexes[0] ?? 0);
    return indexes.map(pick);
  }
  groups(): (string | null)[] {
    return this.match.slice(1).map((value) => value ?? null);
  }
  groupdict(): Record<string, string | null> {
    return { ...(this.match.groups ?? {}) };
  }
  start(): number {
    return this.match.index;
  }
  end(): number {
    return this.match.index + this.match[0].length;
  }
  span(): [number, number] {
    return [this.start(), this.end()];
  }
  toString(): string {
    return this.match[0];
  }
}

function pythonReplacement(replacement: unknown): string | ((...args: unknown[]) => string) {
  if (typeof replacement === 'function') {
    return (...args: unknown[]) => {
      const match = args.slice(0, -2) as string[];
      const exec = Object.assign(match, { index: args[args.length - 2] as number, input: args[args.length - 1] as string }) as unknown as RegExpExecArray;
      return String((replacement as (m: PyMatch) => unknown)(new PyMatch(exec)));
    };
  }
  return String(replacement)
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>/g, '$$$1')
    .replace(/\\g<(\w+)>/g, '$$<$1>')
    .replace(/\\(\d+)/g, '$$$1');
}

class PyPattern {
  constructor(
    readonly pattern: string,
    readonly flags: number,
  ) {}
  search(text: unknown): PyMatch | null {
    const match = translate(this.pattern, this.flags, false).exec(String(text));
    return match ? new PyMatch(match) : null;
  }
  match(text: unknown): PyMatch | null {
    const match = translate(`^(?:${this.pattern})`, this.flags & ~8, false).exec(String(text));
    return match ? new PyMatch(match) : null;
  }
  fullmatch(text: unknown): PyMatch | null {
    const match = translate(`^(?:${this.pattern})$`, this.flags & ~8, false).exec(String(text));
    return match ? new PyMatch(match) : null;
  }
  findall(text: unknown): unknown[] {
    const regex = translate(this.pattern, this.flags, true);
    return Array.from(String(text).matchAll(regex), (match) => (match.length === 1 ? match[0] : match.length === 2 ? (match[1] ?? '') : match.slice(1).map((g) => g ?? '')));
  }
  sub(replacement: unknown, text: unknown, count = 0): string {
    const source = String(text);
    const replace = pythonReplacement(replacement);
    if (!count) return source.replace(translate(this.pattern, this.flags, true), replace as string);
    let result = source;
    for (let i = 0; i < count; i++) {
      const next = result.replace(translate(this.pattern, this.flags, false), replace as string);
      if (next === result) break;
      result = next;
    }
    return result;
  }
  split(text: unknown): string[] {
    return String(text).split(translate(this.pattern, this.flags, true));
  }
}

const numberArg = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function reModule(): Record<string, unknown> {
  const pattern = (source: unknown, flags: unknown): PyPattern => new PyPattern(String(source), numberArg(flags));
  return {
    ...FLAGS,
    compile: pythonCallable(['pattern', 'flags'], (p, flags) => pattern(p, flags)),
    search: pythonCallable(['pattern', 'string', 'flags'], (p, text, flags) => pattern(p, flags).search(text)),
    match: pythonCallable(['pattern', 'string', 'flags'], (p, text, flags) => pattern(p, flags).match(text)),
    fullmatch: pythonCallable(['pattern', 'string', 'flags'], (p, text, flags) => pattern(p, flags).fullmatch(text)),
    findall: pythonCallable(['pattern', 'string', 'flags'], (p, text, flags) => pattern(p, flags).findall(text)),
    sub: pythonCallable(['pattern', 'repl', 'string', 'count', 'flags'], (p, repl, text, count, flags) =>
      pattern(p, flags).sub(repl, text, numberArg(count)),
    ),
    split: pythonCallable(['pattern', 'string', 'maxsplit', 'flags'], (p, text, _max, flags) => pattern(p, flags).split(text)),
    escape: (text: unknown) => String(text).replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&'),
  };
}
