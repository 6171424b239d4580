/**
 * Runs templates parsed by fast-parser.ts with exactly the runtime nunjucks' generated code uses (frames,
 * member lookup, filters, tests, the shared context), exposed as a nunjucks-style root render function so the
 * rest of the compiler cannot tell the two apart. Errors carry nunjucks' 0-based `lineno`.
 */
import nunjucks from 'nunjucks';
import type { Expr, Stmt } from './fast-parser.js';
import { parseFast } from './fast-parser.js';
import type { RootRenderFunction } from './jinja-environment.js';
import { QuerySignal, ReturnSignal } from './signals.js';

interface Frame {
  lookup(name: string): unknown;
  set(name: string, value: unknown, resolveUp?: boolean): void;
  push(): Frame;
  pop(): Frame;
  topLevel: boolean;
}

interface Runtime {
  contextOrFrameLookup(context: unknown, frame: Frame, name: string): unknown;
  memberLookup(obj: unknown, key: unknown): unknown;
  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  makeKeywordArgs(obj: Record<string, unknown>): Record<string, unknown>;
  suppressValue(value: unknown, autoescape: boolean): unknown;
  inOperator(a: unknown, b: unknown): boolean;
  fromIterator(value: unknown): unknown;
  isArray(value: unknown): boolean;
  keys(value: unknown): string[];
}

interface Env {
  getFilter(name: string): (this: unknown, ...args: unknown[]) => unknown;
  getTest(name: string): (this: unknown, ...args: unknown[]) => unknown;
}

interface Context {
  setVariable(name: string, value: unknown): void;
  addExport(name: string): void;
}

const TemplateError = (nunjucks.lib as unknown as { TemplateError: new (error: unknown, lineno: number, colno: number) => Error }).TemplateError;

class Interpreter {
  line = 0;
  col = 0;
  constructor(
    private readonly env: Env,
    private readonly context: Context,
    private readonly rt: Runtime,
  ) {}

  /** Evaluated arguments, keyword arguments last as nunjucks passes them; `first` is a filter's or test's input. */
  args(first: unknown, hasFirst: boolean, exprs: Expr[], pairs: [string, Expr][] | null, frame: Frame): unknown[] {
    const out: unknown[] = hasFirst ? [first] : [];
    for (let i = 0; i < exprs.length; i++) out.push(this.eval(exprs[i]!, frame));
    if (pairs !== null) {
      const obj: Record<string, unknown> = {};
      for (const [key, value] of pairs) obj[key] = this.eval(value, frame);
      out.push(this.rt.makeKeywordArgs(obj));
    }
    return out;
  }

  eval(e: Expr, frame: Frame): unknown {
    const rt = this.rt;
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'sym':
        return rt.contextOrFrameLookup(this.context, frame, e.name);
      case 'arr':
        return e.items.map((item) => this.eval(item, frame));
      case 'dict': {
        const obj: Record<string, unknown> = {};
        for (const [key, value] of e.pairs) obj[key] = this.eval(value, frame);
        return obj;
      }
      case 'get':
        return rt.memberLookup(this.eval(e.obj, frame), this.eval(e.key, frame));
      case 'call': {
        const fn = this.eval(e.fn, frame);
        const args = this.args(undefined, false, e.args, e.kwargs, frame);
        this.line = e.line;
        this.col = e.col;
        return rt.callWrap(fn, e.name, this.context, args);
      }
      case 'filter': {
        const args = this.args(undefined, false, e.args, e.kwargs, frame);
        return this.env.getFilter(e.name).apply(this.context, args);
      }
      case 'bin':
        return this.binary(e.op, e.a, e.b, frame);
      case 'cmp': {
        let left = this.eval(e.first, frame) as never;
        let result = true;
        for (const [op, expr] of e.ops) {
          const right = this.eval(expr, frame) as never;
          const ok =
            op === '==' ? left == right : op === '===' ? left === right : op === '!=' ? left != right : op === '!==' ? left !== right
            : op === '<' ? left < right : op === '>' ? left > right : op === '<=' ? left <= right : left >= right;
          result = result && ok;
          left = right;
        }
        return result;
      }
      case 'un': {
        const value = this.eval(e.e, frame);
        return e.op === 'not' ? !value : e.op === '-' ? -(value as number) : +(value as number);
      }
      case 'in':
        return rt.inOperator(this.eval(e.a, frame), this.eval(e.b, frame));
      case 'is': {
        const args = this.args(this.eval(e.e, frame), true, e.args, e.kwargs, frame);
        return this.env.getTest(e.test).apply(this.context, args) === true;
      }
      case 'cond':
        return this.eval(e.cond, frame) ? this.eval(e.body, frame) : e.else_ === null ? '' : this.eval(e.else_, frame);
    }
  }

  private binary(op: string, a: Expr, b: Expr, frame: Frame): unknown {
    if (op === 'and') {
      const left = this.eval(a, frame);
      return left ? this.eval(b, frame) : left;
    }
    if (op === 'or') {
      const left = this.eval(a, frame);
      return left ? left : this.eval(b, frame);
    }
    const left = this.eval(a, frame) as never;
    const right = this.eval(b, frame) as never;
    switch (op) {
      case '~':
        return `${left}${right}`;
      case '+':
        return (left as number) + (right as number);
      case '-':
        return left - right;
      case '*':
        return left * right;
      case '/':
        return left / right;
      case '//':
        return Math.floor(left / right);
      case '%':
        return left % right;
      default:
        return Math.pow(left, right);
    }
  }

  run(stmts: Stmt[], frame: Frame): string {
    let out = '';
    for (const s of stmts) {
      switch (s.k) {
        case 'text':
          out += s.v;
          break;
        case 'out': {
          this.line = s.line;
          const value = this.eval(s.e, frame);
          out += value === null || value === undefined ? '' : (value as string);
          break;
        }
        case 'if': {
          this.line = s.line;
          const branch = s.branches.find(([cond]) => this.eval(cond, frame));
          if (branch) out += this.run(branch[1], frame);
          else if (s.else_) out += this.run(s.else_, frame);
          break;
        }
        case 'for':
          this.line = s.line;
          out += this.loop(s, frame);
          break;
        case 'set': {
          this.line = s.line;
          const value = this.eval(s.e, frame);
          frame.set(s.name, value, true);
          if (frame.topLevel) this.context.setVariable(s.name, value);
          break;
        }
        case 'do':
          this.line = s.line;
          this.eval(s.e, frame);
          break;
      }
    }
    return out;
  }

  private loop(s: Extract<Stmt, { k: 'for' }>, outer: Frame): string {
    const frame = outer.push();
    let out = '';
    let length: number | undefined;
    let arr = this.eval(s.arr, frame);
    const variables = (frame as unknown as { variables: Record<string, unknown> }).variables;
    const bind = (i: number, len: number): void => {
      variables.loop = { index: i + 1, index0: i, revindex: len - i, revindex0: len - i - 1, first: i === 0, last: i === len - 1, length: len };
    };
    if (arr) {
      arr = this.rt.fromIterator(arr);
      if (s.names.length === 2 && !this.rt.isArray(arr)) {
        const obj = arr as Record<string, unknown>;
        length = this.rt.keys(obj).length;
        let i = -1;
        for (const key in obj) {
          i++;
          variables[s.names[0]!] = key;
          variables[s.names[1]!] = obj[key];
          bind(i, length);
          out += this.run(s.body, frame);
        }
      } else {
        const list = arr as unknown[];
        length = list.length;
        for (let i = 0; i < list.length; i++) {
          if (s.names.length === 2) {
            const item = list[i] as unknown[];
            variables[s.names[0]!] = item[0];
            variables[s.names[1]!] = item[1];
          } else variables[s.names[0]!] = list[i];
          bind(i, length);
          out += this.run(s.body, frame);
        }
      }
    }
    if (s.else_ && !length) out += this.run(s.else_, frame);
    return out;
  }
}

/** A root render function for `src` when it fits the fast subset, else null (compile it with nunjucks). */
export function compileFast(src: string): RootRenderFunction | null {
  const stmts = parseFast(src);
  if (stmts === null) return null;
  return (env, context, frame, runtime, cb) => {
    const interpreter = new Interpreter(env as unknown as Env, context as Context, runtime as Runtime);
    let output: string;
    try {
      output = interpreter.run(stmts, frame as Frame);
    } catch (error) {
      const located = error !== null && typeof error === 'object' && typeof (error as { lineno?: unknown }).lineno === 'number';
      const signal = error instanceof QuerySignal || error instanceof ReturnSignal;
      cb(located || signal ? error : new TemplateError(error, interpreter.line, interpreter.col));
      return;
    }
    cb(null, output);
  };
}
