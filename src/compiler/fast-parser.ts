/**
 * The parser of the fast template path, for the subset of Jinja most SQL models use: text, `{{ expr }}`, comments, `if`,
 * `for`, `set` and `do`, with nunjucks' whitespace control and operator precedence. compileRoot() in
 * nunjucks costs ~0.5 ms per template (lex, parse, code generation, `new Function`, JIT); this costs a few µs.
 * Anything outside the subset returns null and the template goes to nunjucks, which also reports syntax errors.
 */

export type Expr =
  | { k: 'lit'; v: unknown }
  | { k: 'sym'; name: string }
  | { k: 'arr'; items: Expr[] }
  | { k: 'dict'; pairs: [string, Expr][] }
  | { k: 'get'; obj: Expr; key: Expr }
  | { k: 'call'; fn: Expr; args: Expr[]; kwargs: [string, Expr][] | null; name: string; line: number; col: number }
  | { k: 'filter'; name: string; args: Expr[]; kwargs: [string, Expr][] | null }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'cmp'; first: Expr; ops: [string, Expr][] }
  | { k: 'un'; op: 'not' | '-' | '+'; e: Expr }
  | { k: 'in'; a: Expr; b: Expr }
  | { k: 'is'; e: Expr; test: string; args: Expr[]; kwargs: [string, Expr][] | null }
  | { k: 'cond'; cond: Expr; body: Expr; else_: Expr | null };

export type Stmt =
  | { k: 'text'; v: string }
  | { k: 'out'; e: Expr; line: number }
  | { k: 'if'; branches: [Expr, Stmt[]][]; else_: Stmt[] | null; line: number }
  | { k: 'for'; names: string[]; arr: Expr; body: Stmt[]; else_: Stmt[] | null; line: number }
  | { k: 'set'; name: string; e: Expr; line: number }
  | { k: 'do'; e: Expr; line: number };

import { Bail, bail, segment } from './fast-lexer.js';
import type { Tag, Token } from './fast-lexer.js';

class ExprParser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }
  private peek(): Token | undefined {
    return this.toks[this.i];
  }
  private next(): Token {
    return this.toks[this.i++] ?? bail();
  }
  private isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }
  private isSym(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'sym' && t.v === v;
  }
  skipOp(v: string): boolean {
    if (!this.isOp(v)) return false;
    this.i++;
    return true;
  }
  skipSym(v: string): boolean {
    if (!this.isSym(v)) return false;
    this.i++;
    return true;
  }
  symbol(): string {
    const t = this.next();
    if (t.t !== 'sym') bail();
    return t.v;
  }

  expression(): Expr {
    const body = this.or();
    if (!this.skipSym('if')) return body;
    const cond = this.or();
    return { k: 'cond', cond, body, else_: this.skipSym('else') ? this.or() : null };
  }
  private or(): Expr {
    let a = this.and();
    while (this.skipSym('or')) a = { k: 'bin', op: 'or', a, b: this.and() };
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.skipSym('and')) a = { k: 'bin', op: 'and', a, b: this.not() };
    return a;
  }
  private not(): Expr {
    return this.skipSym('not') ? { k: 'un', op: 'not', e: this.not() } : this.in();
  }
  private in(): Expr {
    let a = this.is();
    for (;;) {
      const t0 = this.toks[this.i];
      const t1 = this.toks[this.i + 1];
      if (t0?.t === 'sym' && t0.v === 'in') {
        this.i++;
        a = { k: 'in', a, b: this.is() };
      } else if (t0?.t === 'sym' && t0.v === 'not' && t1?.t === 'sym' && t1.v === 'in') {
        this.i += 2;
        a = { k: 'un', op: 'not', e: { k: 'in', a, b: this.is() } };
      } else return a;
    }
  }
  private is(): Expr {
    const e = this.compare();
    if (!this.skipSym('is')) return e;
    const negate = this.skipSym('not');
    const right = this.compare();
    let test: string;
    let args: Expr[] = [];
    let kwargs: [string, Expr][] | null = null;
    if (right.k === 'sym') test = right.name;
    else if (right.k === 'lit' && (typeof right.v === 'boolean' || right.v === null)) test = String(right.v === null ? 'none' : right.v);
    else if (right.k === 'call' && right.fn.k === 'sym') {
      test = right.fn.name;
      args = right.args;
      kwargs = right.kwargs;
    } else return bail();
    const node: Expr = { k: 'is', e, test, args, kwargs };
    return negate ? { k: 'un', op: 'not', e: node } : node;
  }
  private compare(): Expr {
    const first = this.concat();
    const ops: [string, Expr][] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && ['==', '===', '!=', '!==', '<', '>', '<=', '>='].includes(t.v)) {
        this.i++;
        ops.push([t.v, this.concat()]);
      } else break;
    }
    return ops.length === 0 ? first : { k: 'cmp', first, ops };
  }
  private concat(): Expr {
    let a = this.binary(0);
    while (this.skipOp('~')) a = { k: 'bin', op: '~', a, b: this.binary(0) };
    return a;
  }
  private static readonly LEVELS = ['+', '-', '*', '/', '//', '%', '**'];
  private binary(level: number): Expr {
    if (level === ExprParser.LEVELS.length) return this.unary(false);
    const op = ExprParser.LEVELS[level]!;
    let a = this.binary(level + 1);
    while (this.skipOp(op)) a = { k: 'bin', op, a, b: this.binary(level + 1) };
    return a;
  }
  private unary(noFilters: boolean): Expr {
    let e: Expr;
    if (this.skipOp('-')) e = { k: 'un', op: '-', e: this.unary(true) };
    else if (this.skipOp('+')) e = { k: 'un', op: '+', e: this.unary(true) };
    else e = this.primary();
    if (noFilters) return e;
    while (this.skipOp('|')) {
      let name = this.symbol();
      while (this.skipOp('.')) name += `.${this.symbol()}`;
      const call = this.isOp('(') ? this.signature() : { args: [], kwargs: null };
      e = { k: 'filter', name, args: [e, ...call.args], kwargs: call.kwargs };
    }
    return e;
  }
  private primary(): Expr {
    const t = this.next();
    let e: Expr;
    if (t.t === 'str') e = { k: 'lit', v: t.v };
    else if (t.t === 'num') e = { k: 'lit', v: t.v.includes('.') ? parseFloat(t.v) : parseInt(t.v, 10) };
    else if (t.t === 'sym') {
      if (t.v === 'true' || t.v === 'false') e = { k: 'lit', v: t.v === 'true' };
      else if (t.v === 'none' || t.v === 'null') e = { k: 'lit', v: null };
      else e = { k: 'sym', name: t.v };
    } else if (t.v === '(') {
      e = this.expression();
      if (!this.skipOp(')')) bail();
    } else if (t.v === '[') {
      const items: Expr[] = [];
      while (!this.skipOp(']')) {
        if (items.length > 0 && !this.skipOp(',')) bail();
        if (this.skipOp(']')) break;
        items.push(this.expression());
      }
      e = { k: 'arr', items };
    } else if (t.v === '{') {
      const pairs: [string, Expr][] = [];
      while (!this.skipOp('}')) {
        if (pairs.length > 0 && !this.skipOp(',')) bail();
        if (this.skipOp('}')) break;
        const key = this.next();
        if (key.t !== 'str' && key.t !== 'sym') bail();
        if (!this.skipOp(':')) bail();
        pairs.push([key.v, this.expression()]);
      }
      e = { k: 'dict', pairs };
    } else return bail();
    return this.postfix(e);
  }
  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'op') return e;
      if (t.v === '(') {
        const { args, kwargs } = this.signature();
        e = { k: 'call', fn: e, args, kwargs, name: nameOf(e), line: t.line, col: t.col };
      } else if (t.v === '[') {
        this.i++;
        const key = this.expression();
        if (!this.skipOp(']')) bail();
        e = { k: 'get', obj: e, key };
      } else if (t.v === '.') {
        this.i++;
        e = { k: 'get', obj: e, key: { k: 'lit', v: this.symbol() } };
      } else return e;
    }
  }
  private signature(): { args: Expr[]; kwargs: [string, Expr][] | null } {
    if (!this.skipOp('(')) bail();
    const args: Expr[] = [];
    let kwargs: [string, Expr][] | null = null;
    let first = true;
    while (!this.skipOp(')')) {
      if (!first && !this.skipOp(',')) bail();
      first = false;
      const arg = this.expression();
      if (this.skipOp('=')) {
        if (arg.k !== 'sym') bail();
        (kwargs ??= []).push([(arg as { name: string }).name, this.expression()]);
      } else args.push(arg);
    }
    return { args, kwargs };
  }
}

function nameOf(e: Expr): string {
  if (e.k === 'sym') return e.name;
  if (e.k === 'get') return `${nameOf(e.obj)}["${e.key.k === 'lit' ? String(e.key.v) : '--expression--'}"]`;
  if (e.k === 'call') return `the return value of (${e.name})`;
  return '--expression--';
}

function parseExpr(tokens: Token[]): Expr {
  const parser = new ExprParser(tokens);
  const e = parser.expression();
  if (!parser.done()) bail();
  return e;
}

class StmtParser {
  private i = 0;
  constructor(private readonly parts: (string | Tag)[]) {}

  /** Statements until one of `stops` (a block tag name); returns them and the stop tag's parser. */
  body(stops: string[]): { stmts: Stmt[]; stop: string | null; rest: ExprParser | null } {
    const stmts: Stmt[] = [];
    while (this.i < this.parts.length) {
      const part = this.parts[this.i++]!;
      if (typeof part === 'string') {
        stmts.push({ k: 'text', v: part });
        continue;
      }
      if (part.kind === 'out') {
        stmts.push({ k: 'out', e: parseExpr(part.tokens), line: part.line });
        continue;
      }
      const head = part.tokens[0];
      if (!head || head.t !== 'sym') return bail();
      const rest = new ExprParser(part.tokens.slice(1));
      if (stops.includes(head.v)) return { stmts, stop: head.v, rest };
      stmts.push(this.statement(head.v, rest, part));
    }
    if (stops.length > 0) bail();
    return { stmts, stop: null, rest: null };
  }

  private statement(name: string, rest: ExprParser, tag: Tag): Stmt {
    const end = (parser: ExprParser | null): void => {
      if (!parser || !parser.done()) bail();
    };
    if (name === 'if') {
      const branches: [Expr, Stmt[]][] = [];
      let cond = rest.expression();
      end(rest);
      for (;;) {
        const part = this.body(['elif', 'elseif', 'else', 'endif']);
        branches.push([cond, part.stmts]);
        if (part.stop === 'endif') {
          end(part.rest);
          return { k: 'if', branches, else_: null, line: tag.line };
        }
        if (part.stop === 'else') {
          end(part.rest);
          const tail = this.body(['endif']);
          end(tail.rest);
          return { k: 'if', branches, else_: tail.stmts, line: tag.line };
        }
        cond = part.rest!.expression();
        end(part.rest);
      }
    }
    if (name === 'for') {
      const names = [rest.symbol()];
      while (rest.skipOp(',')) names.push(rest.symbol());
      if (names.length > 2 || !rest.skipSym('in')) bail();
      const arr = rest.expression();
      end(rest);
      const part = this.body(['else', 'endfor']);
      end(part.rest);
      let else_: Stmt[] | null = null;
      if (part.stop === 'else') {
        const tail = this.body(['endfor']);
        end(tail.rest);
        else_ = tail.stmts;
      }
      return { k: 'for', names, arr, body: part.stmts, else_, line: tag.line };
    }
    if (name === 'set') {
      const target = rest.symbol();
      if (!rest.skipOp('=')) bail();
      const e = rest.expression();
      end(rest);
      return { k: 'set', name: target, e, line: tag.line };
    }
    if (name === 'do') {
      const e = rest.expression();
      end(rest);
      return { k: 'do', e, line: tag.line };
    }
    return bail();
  }
}

/** The statements of `src`, or null when it uses anything beyond the fast subset. */
export function parseFast(src: string): Stmt[] | null {
  try {
    return new StmtParser(segment(src)).body([]).stmts;
  } catch (error) {
    if (error instanceof Bail) return null;
    throw error;
  }
}
