/**
 * JSON.parse that keeps 64-bit integers exact. Rasa 2.x writes DIET intent ids such as 2674161170217088760,
 * which a JS number silently rounds; those become `bigint` values. Every text is parsed natively first; only
 * when that yields a number of 2^53 or more (the only way a rounded integer literal shows) is it parsed again by
 * the exact parser, which keeps such literals as bigint and everything else as JSON.parse does.
 */

/** Whether a text holds a 16+ digit number literal; decides which parser's message an invalid text gets. */
const LONG_INTEGER = /[:[,]\s*-?\d{16,}/;

/** 2^53: from here on not every integer is a double, so such a value may be a rounded literal. */
const INEXACT = 9_007_199_254_740_992;

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The message is the one this text always got: the exact parser's when it has a long literal.
    if (LONG_INTEGER.test(text)) return new ExactParser(text).parseDocument();
    throw new JsonSyntaxError((error as Error).message);
  }
  if (typeof value === 'object' ? value !== null && hasInexactNumber(value) : typeof value === 'number' && isInexact(value)) {
    return new ExactParser(text).parseDocument();
  }
  return value;
}

function isInexact(value: number): boolean {
  return value >= INEXACT || value <= -INEXACT;
}

function hasInexactNumber(container: object): boolean {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      const value: unknown = container[i];
      if (typeof value === 'object' ? value !== null && hasInexactNumber(value) : typeof value === 'number' && isInexact(value)) return true;
    }
    return false;
  }
  const object = container as Record<string, unknown>;
  for (const key in object) {
    const value = object[key];
    if (typeof value === 'object' ? value !== null && hasInexactNumber(value) : typeof value === 'number' && isInexact(value)) return true;
  }
  return false;
}

class ExactParser {
  private at = 0;
  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const value = this.value();
    this.space();
    if (this.at < this.text.length) this.fail('Unexpected non-whitespace character after JSON');
    return value;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.at}`);
  }

  private space(): void {
    const text = this.text;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.at++;
      else break;
    }
  }

  private value(): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return result;
      }
    }
    return this.fail(c === undefined ? 'Unexpected end of JSON input' : `Unexpected token ${c}`);
  }

  private object(): Record<string, unknown> {
    this.at++;
    const result: Record<string, unknown> = {};
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('Expected property name');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail("Expected ':' after property name");
      this.at++;
      // defineProperty, not assignment: a "__proto__" key must stay a plain key as JSON.parse keeps it.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      const c = this.text[this.at++];
      if (c === '}') return result;
      if (c !== ',') this.fail("Expected ',' or '}' after property value");
    }
  }

  private array(): unknown[] {
    this.at++;
    const result: unknown[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.space();
      const c = this.text[this.at++];
      if (c === ']') return result;
      if (c !== ',') this.fail("Expected ',' or ']' after array element");
    }
  }

  private string(): string {
    const start = this.at;
    let end = start + 1;
    const text = this.text;
    for (;;) {
      const quote = text.indexOf('"', end);
      if (quote < 0) this.fail('Unterminated string');
      let backslashes = 0;
      for (let i = quote - 1; i > start && text[i] === '\\'; i--) backslashes++;
      if (backslashes % 2 === 0) {
        end = quote;
        break;
      }
      end = quote + 1;
    }
    this.at = end + 1;
    try {
      return JSON.parse(text.slice(start, end + 1)) as string;
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }

  private number(): number | bigint {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match) return this.fail('Invalid number');
    this.at += match[0].length;
    const literal = match[0];
    const number = Number(literal);
    if (match[2] === undefined && match[3] === undefined && !Number.isSafeInteger(number)) return BigInt(literal);
    return number;
  }
}
