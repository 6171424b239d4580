import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { parseCliVars } from './index.js';

describe('parseCliVars', () => {
  it('reads YAML and JSON mappings', () => {
    expect(parseCliVars(['{source_schema_prefix: carbon_bot, gap: 30, intents: [a, b]}'])).toEqual({
      source_schema_prefix: 'carbon_bot', gap: 30, intents: ['a', 'b'],
    });
    expect(parseCliVars(['{"a": 1, "b": "x"}'])).toEqual({ a: 1, b: 'x' });
    expect(parseCliVars(['user_id: metadata__user_id'])).toEqual({ user_id: 'metadata__user_id' });
  });

  it('reads key=value pairs, comma-joined, typed as YAML scalars unless that would lose characters', () => {
    expect(parseCliVars(['a=1,b=x,c=true,d=null,e=1.5'])).toEqual({ a: 1, b: 'x', c: true, d: null, e: 1.5 });
    expect(parseCliVars(['zip=007,price=1.50,big=1e3,yes=True,empty='])).toEqual({ zip: '007', price: '1.50', big: '1e3', yes: true, empty: '' });
    expect(parseCliVars(['intents=a,b,c=2'])).toEqual({ intents: 'a,b', c: 2 });
    expect(parseCliVars(['url=postgres://h:5432/db?x=1'])).toEqual({ url: 'postgres://h:5432/db?x=1' });
  });

  it('lets later values override earlier ones', () => {
    expect(parseCliVars(['{a: 1, b: 1}', 'b=2', '{c: 3}', 'a=4'])).toEqual({ a: 4, b: 2, c: 3 });
    expect(parseCliVars([])).toEqual({});
  });

  it('rejects malformed values, naming them and both accepted forms', () => {
    for (const bad of ['carbon_bot', '{a: 1', '[1, 2]']) {
      let caught: unknown;
      try {
        parseCliVars([bad]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const error = caught as ConfigError;
      expect(error.message).toContain(`--vars value ${JSON.stringify(bad)} is not a mapping`);
      expect(error.hint).toContain("--vars '{source_schema_prefix: carbon_bot");
      expect(error.hint).toContain('--vars source_schema_prefix=carbon_bot');
    }
  });
});
