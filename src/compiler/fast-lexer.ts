/**
 * The lexer of the fast template path: splits a template into text and tags (with nunjucks' whitespace control)
 * and tags into tokens, with nunjucks' 0-based line numbers. Throws Bail for anything it does not handle.
 */

export interface Token {
  t: 'str' | 'num' | 'sym' | 'op';
  v: string;
  line: number;
  col: number;
}

export interface Tag {
  kind: 'out' | 'block';
  tokens: Token[];
  line: number;
}

/** Thrown for input outside the fast subset; the template then goes to nunjucks. */
export class Bail extends Error {}
export const bail = (): never => {
  throw new Bail();
};

const COMPLEX = ['==', '===', '!=', '!==', '<=', '>=', '//', '**'];
/** Character classes by char code: 1 whitespace, 2 nunjucks delimiter, 3 quote, 4 word. */
const CLASS = new Uint8Array(128).fill(4);
for (const c of ' \n\t\r') CLASS[c.charCodeAt(0)] = 1;
for (const c of '()[]{}%*-+~/#,:|.<>=!') CLASS[c.charCodeAt(0)] = 2;
CLASS[34] = 3;
CLASS[39] = 3;
const classOf = (code: number): number => (code < 128 ? CLASS[code]! : code === 0xa0 ? 1 : 4);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIGITS = /^[0-9]+$/;

/** Position bookkeeping shared by the segmenter and the tag lexer (0-based lines, as nunjucks reports them). */
class Cursor {
  line = 0;
  lineStart = 0;
  constructor(readonly src: string) {}
  /** Counts the newlines in src[from, to). */
  pass(from: number, to: number): void {
    for (let at = this.src.indexOf('\n', from); at >= 0 && at < to; at = this.src.indexOf('\n', at + 1)) {
      this.line++;
      this.lineStart = at + 1;
    }
  }
  col(at: number): number {
    return at - this.lineStart;
  }
}

/** Tokens of one tag from `start` to its closing delimiter; returns them and the index after the tag. */
function lexTag(cur: Cursor, start: number, close: '}}' | '%}'): { tokens: Token[]; end: number; trimAfter: boolean } {
  const src = cur.src;
  const closeCode = close.charCodeAt(0);
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    if (i >= src.length) bail();
    const code = src.charCodeAt(i);
    const kind = classOf(code);
    if (kind === 1) {
      if (code === 10) cur.pass(i, i + 1);
      i++;
      continue;
    }
    if (code === closeCode && src.charCodeAt(i + 1) === 125) return { tokens, end: i + 2, trimAfter: false };
    if (code === 45 && src.charCodeAt(i + 1) === closeCode && src.charCodeAt(i + 2) === 125) return { tokens, end: i + 3, trimAfter: true };
    const line = cur.line;
    const col = cur.col(i);
    if (kind === 3) {
      let value = '';
      let j = i + 1;
      let chunk = j;
      while (j < src.length && src.charCodeAt(j) !== code) {
        if (src.charCodeAt(j) === 92) {
          value += src.slice(chunk, j);
          const e = src[j + 1] ?? '';
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
          chunk = j;
        } else j++;
      }
      if (j >= src.length) bail();
      value += src.slice(chunk, j);
      cur.pass(i, j);
      tokens.push({ t: 'str', v: value, line, col });
      i = j + 1;
      continue;
    }
    if (kind === 2) {
      let op = src[i]!;
      const nextCode = src.charCodeAt(i + 1);
      // Two-character operators (==, !=, <=, >=, //, **) and their three-character strict forms.
      if (nextCode === 61 || ((code === 47 || code === 42) && nextCode === code)) {
        const two = src.slice(i, i + 2);
        if (COMPLEX.includes(two)) op = COMPLEX.includes(src.slice(i, i + 3)) ? src.slice(i, i + 3) : two;
      }
      if (code === 35 || (code === 37 && nextCode === 125)) bail();
      tokens.push({ t: 'op', v: op, line, col });
      i += op.length;
      continue;
    }
    if (code === 114 && src.charCodeAt(i + 1) === 47) bail();
    let j = i + 1;
    let plain = true;
    while (j < src.length) {
      const c = src.charCodeAt(j);
      if (classOf(c) !== 4) break;
      if (!(c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) plain = false;
      j++;
    }
    const word = src.slice(i, j);
    if (plain && !(code >= 48 && code <= 57) && (code === 95 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122))) {
      tokens.push({ t: 'sym', v: word, line, col });
    } else if (DIGITS.test(word)) {
      if (src.charCodeAt(j) === 46 && src.charCodeAt(j + 1) >= 48 && src.charCodeAt(j + 1) <= 57) {
        let k = j + 1;
        while (src.charCodeAt(k) >= 48 && src.charCodeAt(k) <= 57) k++;
        tokens.push({ t: 'num', v: src.slice(i, k), line, col });
        j = k;
      } else tokens.push({ t: 'num', v: word, line, col });
    } else if (IDENTIFIER.test(word)) tokens.push({ t: 'sym', v: word, line, col });
    else bail();
    i = j;
  }
}

/** Splits a template into text and tags, applying `{%-`/`-%}` whitespace control as nunjucks does. */
export function segment(src: string): (string | Tag)[] {
  const parts: (string | Tag)[] = [];
  const cur = new Cursor(src);
  let i = 0;
  let trimNext = false;
  let strayAt = src.indexOf('#}');
  while (i < src.length) {
    let next = src.indexOf('{', i);
    while (next >= 0) {
      const after = src.charCodeAt(next + 1);
      if (after === 123 || after === 37 || after === 35) break;
      next = src.indexOf('{', next + 1);
    }
    // A `#}` outside a comment is an error nunjucks reports; `strayAt` only moves forward, keeping this linear.
    if (strayAt >= 0 && strayAt < i) strayAt = src.indexOf('#}', i);
    if (strayAt >= 0 && (next < 0 || strayAt < next)) bail();
    const end = next < 0 ? src.length : next;
    let text = src.slice(i, end);
    if (trimNext) text = text.trimStart();
    if (next >= 0 && src.charCodeAt(next + 2) === 45) text = text.trimEnd();
    trimNext = false;
    if (text !== '') parts.push(text);
    cur.pass(i, end);
    if (next < 0) break;
    const kind = src.charCodeAt(next + 1);
    const open = src.charCodeAt(next + 2) === 45 ? 3 : 2;
    if (kind === 35) {
      const close = src.indexOf('#}', next + 2);
      if (close < 0) bail();
      trimNext = src.charCodeAt(close - 1) === 45;
      cur.pass(next, close + 2);
      i = close + 2;
      continue;
    }
    const tagLine = cur.line;
    const lexed = lexTag(cur, next + open, kind === 123 ? '}}' : '%}');
    i = lexed.end;
    trimNext = lexed.trimAfter;
    parts.push({ kind: kind === 123 ? 'out' : 'block', tokens: lexed.tokens, line: tagLine });
  }
  return parts;
}
