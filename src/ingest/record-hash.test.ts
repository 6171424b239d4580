import { describe, expect, it } from 'vitest';
import { JsonValueScanner, type ScannedValue } from './json-scanner.js';
import { parseJson } from './parse-json.js';
import { RecordHasher, canonicalJson, hashedContent } from './record-hash.js';

describe('record hashes', () => {
  it('ignore key order and the review flags an exporter toggles', () => {
    const a = hashedContent({ event: 'user', timestamp: 1, text: 'x', is_flagged: false, metadata: { rasa_x_flagged: false, rasa_x_id: 3 } });
    const b = hashedContent({ metadata: { rasa_x_id: 3, rasa_x_flagged: true }, text: 'x', timestamp: 1, event: 'user', is_flagged: true, sender_id: 's' });
    expect(a).toBe(b);
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 10n ** 20n })).toBe('{"a":100000000000000000000,"b":[1,{"c":null,"d":2}]}');
  });

  it('write JSON with keys sorted at every level, whatever the key order, escapes or shapes', () => {
    // The plain definition: an object's keys in code-unit order ("10" before "9"), everything else as JSON.stringify.
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      const object = value as Record<string, unknown>;
      return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${reference(object[key])}`).join(',')}}`;
    };
    // Objects of one shape seen again (the key-order cache), keys needing escapes, integer-like keys, unicode.
    const samples: unknown[] = [
      { b: 1, a: { y: [1, 'x', null, true], x: -0.5 }, '10': 'ten', '9': 'nine', 'q"uote': 'a\nb\u0001', ü: '😀', '\ud800': 'lone' },
      { a: { x: 2, y: [] }, b: 2, '9': 'n', '10': 't', 'q"uote': '', ü: 'x', '\ud800': 'y' },
      [{ z: 1, a: 2 }, { a: 3, z: 4 }, { a: { c: 1, b: 2 } }],
      { e: 1e300, f: 1e-7, g: 12345678901234567, h: 'text with "quotes" and \\ backslash', i: {} },
      JSON.parse('{"__proto__": {"b": 1, "a": 2}, "constructor": 3, "toString": 4}'),
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(reference(sample));
    // Only the top level and its metadata lose the volatile keys; deeper ones with those names are content.
    expect(hashedContent({ sender_id: 's', is_flagged: true, data: { sender_id: 'kept', is_flagged: 1 }, metadata: { rasa_x_flagged: true, metadata: { rasa_x_flagged: 1 } } })).toBe(
      '{"data":{"is_flagged":1,"sender_id":"kept"},"metadata":{"metadata":{}}}',
    );
  });

  it('number identical events within a stream, and restart the count in another stream', () => {
    const hasher = new RecordHasher();
    const first = hasher.hash('file\u0000s', 's', 1, '{}');
    const second = hasher.hash('file\u0000s', 's', 1, '{}');
    expect(second).not.toBe(first);
    expect(hasher.hash('other\u0000s', 's', 1, '{}')).toBe(first);
    expect(hasher.hash('file\u0000t', 't', 1, '{}')).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('parseJson', () => {
  it('keeps 64-bit integers exact and parses everything else like JSON.parse', () => {
    const parsed = parseJson('{"id": 2674161170217088760, "neg": -3158637492950234320, "f": 1.5, "s": "12345678901234567890", "__proto__": 1}') as Record<string, unknown>;
    expect(parsed.id).toBe(2674161170217088760n);
    expect(parsed.neg).toBe(-3158637492950234320n);
    expect(parsed.f).toBe(1.5);
    expect(parsed.s).toBe('12345678901234567890');
    expect(Object.keys(parsed)).toContain('__proto__');
    expect(() => parseJson('{"id": 12345678901234567890,')).toThrow();
  });

  it('finds inexact integers anywhere, keeps floats past 2^53 as numbers, and keeps each error message', () => {
    expect(parseJson('{"a": [1, {"b": 9007199254740993}], "c": "x"}')).toEqual({ a: [1, { b: 9007199254740993n }], c: 'x' });
    expect(parseJson('[[-9007199254740993]]')).toEqual([[-9007199254740993n]]);
    expect(parseJson('9007199254740992')).toBe(9007199254740992n);
    expect(parseJson('{"n": 9007199254740991, "f": 12345678901234567.5, "e": 1e300, "m": -1e16}')).toEqual({ n: 9007199254740991, f: 12345678901234567.5, e: 1e300, m: -1e16 });
    expect(typeof (parseJson('{"f": 12345678901234567.5}') as { f: unknown }).f).toBe('number');
    // A text with a long literal gets the exact parser's message; any other the native one.
    expect(() => parseJson('{"id": 12345678901234567890,')).toThrow(/position 28/);
    expect(() => parseJson('{"id": 12,')).toThrow(jsonParseMessage('{"id": 12,'));
  });
});

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected invalid JSON');
}

describe('JsonValueScanner', () => {
  const scan = (text: string): ScannedValue[] => {
    const scanner = new JsonValueScanner();
    const out: ScannedValue[] = [];
    text.split('\n').forEach((line, i) => scanner.push(line, i + 1, out));
    scanner.end(out);
    return out;
  };

  it('finds array elements and concatenated objects with their first line', () => {
    const values = scan('[\n  {"a": "}]"},\n  {\n    "b": [1, {"c": "\\""}]\n  }\n]\n{"d": 1} {"e": 2}');
    expect(values.map((value) => [value.kind, value.line, JSON.parse(value.text)])).toEqual([
      ['value', 2, { a: '}]' }],
      ['value', 3, { b: [1, { c: '"' }] }],
      ['value', 7, { d: 1 }],
      ['value', 7, { e: 2 }],
    ]);
  });

  it('reports stray text and values left open at the end', () => {
    const values = scan('[{"a": 1}, 42, {"b": ');
    expect(values.map((value) => [value.kind, value.line])).toEqual([
      ['value', 1],
      ['junk', 1],
      ['junk', 1],
    ]);
  });
});
