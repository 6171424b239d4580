import { describe, expect, it } from 'vitest';
import { pyRepr } from './py-values.js';

describe('pyRepr', () => {
  it("quotes and escapes strings as Python's repr does", () => {
    expect(pyRepr('plain')).toBe("'plain'");
    expect(pyRepr("{{ get_where_subquery(ref('orders')) }}")).toBe(`"{{ get_where_subquery(ref('orders')) }}"`);
    expect(pyRepr(`it's "quoted"`)).toBe(`'it\\'s "quoted"'`);
    expect(pyRepr("a'b\\c\nd")).toBe(`"a'b\\\\c\\nd"`);
    expect(pyRepr('tab\there\r\x00\x1f\x7f')).toBe("'tab\\there\\r\\x00\\x1f\\x7f'");
    expect(pyRepr('ünï 😀')).toBe("'ünï 😀'");
  });

  it('writes lists and dicts with their items repr()d', () => {
    expect(pyRepr({ values: ['a', "b'c"], n: 1, flag: true, none: null })).toBe(`{'values': ['a', "b'c"], 'n': 1, 'flag': True, 'none': None}`);
  });
});
