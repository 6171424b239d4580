import { describe, expect, it } from 'vitest';
import { LineCounter, parse, parseDocument } from 'yaml';
import { fastParseYaml } from './fast-yaml.js';
import { fromYamlNode, toJS, type YNode } from './yaml-nodes.js';
import { LineStarts } from './yaml-package.js';

/** Every node's path and line, to compare the fast reader's positions with the yaml package's. */
function lines(node: YNode | null, counter: LineCounter, path = '$', out: string[] = []): string[] {
  if (!node) return out;
  out.push(`${path}@${counter.linePos(node.offset).line}`);
  if (node.kind === 'seq') node.items.forEach((item, index) => lines(item, counter, `${path}[${index}]`, out));
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      lines(pair.key, counter, `${path}.key(${String(toJS(pair.key))})`, out);
      lines(pair.value, counter, `${path}.${String(toJS(pair.key))}`, out);
    }
  }
  return out;
}

const SUPPORTED: Record<string, string> = {
  'models with columns and tests': `version: 2
models:
  - name: users   # the users
    description: "All users: one row each"
    config: {materialized: table, tags: [a, 'b c']}
    columns:
      - name: user_id
        tests:
          - unique
          - not_null
          - accepted_values:
              values: [1, 2.5, '3', "x,y", -4]
              quote: false
      - name: email
        data_tests: [unique]

  - name: orders
`,
  'sequence at the same indent as its key': `sources:
- name: raw
  tables:
  - name: events
    freshness: null
  - name: users
    loaded_at_field: ts
`,
  'scalars of every core type': `a: 1
b: -2
c: 1.50
d: 1e3
e: true
f: False
g: ~
h:
i: null
j: '1'
k: "it's"
l: 'it''s'
m: "tab\\tnew\\nline \\u00e9"
n: 2024-01-01
o: some text with spaces
p: http://example.com:8080/x
q: "{{ var('x') }}_event"
r: a#b
s: 007
`,
  'block scalars': `literal: |
  select *
    from x

  where 1 = 1
folded: >-
  one
  two

  three
kept: |+
  text

strip: |-
  line
after: done
`,
  'multi-line plain scalars': `description: a long
  description that wraps
  over lines
next: x
list:
  - first item
    continued
`,
  'multi-line quoted scalars': `models:
  - name: users
    description: 'One row per user (var user_id column, else sender_id): the only table
      not keyed by sender, it''s
      several   

      conversations.'   # trailing comment
    other: 'x'
list:
  - 'first
    item'
  - after
`,
  'flow collections': `a: []
b: {}
c: [a, [b, c], {d: e, f: [1, 2]}]
d: {values: ['x', "y"], quote: false, empty: }
e: [a, b, ]
`,
  'document marker and comments': `---
# comment
key: value # trailing

# another
other:
  - x   # c
`,
  'CRLF line endings': 'a: 1\r\nb:\r\n  - x\r\n  - y\r\n',
  'quoted keys': `"quoted key": 1
'single': 2
`,
  'empty document': '# only a comment\n',
  'seq root': '- a\n- b: c\n  d: e\n',
  'nested sequences through mappings': `a:
  - b:
      - c
      - d: [e]
    f: g
`,
};

const UNSUPPORTED: Record<string, string> = {
  anchors: 'base: &b {x: 1}\nother:\n  <<: *b\n',
  tags: 'a: !!str 1\n',
  'multi-line flow': 'a: [1,\n  2]\n',
  'duplicate keys': 'a: 1\na: 2\n',
  'syntax error': 'a: 1\n  b: 2\n',
  'bad indentation of a list': 'a:\n  - b\n - c\n',
  'yaml escape': 'a: "\\x41"\n',
  'several documents': 'a: 1\n---\nb: 2\n',
  tabs: 'a:\n\t- b\n',
  'hex number': 'a: 0x1F\n',
  'compact nested sequence': '- - a\n',
  'multi-line double-quoted scalar': 'a: "one\n  two"\n',
  'text after a multi-line quoted scalar': "a: 'one\n  two' three\n",
  'multi-line quoted scalar not indented': "a:\n  b: 'one\n  two'\n",
};

describe('fastParseYaml', () => {
  for (const [name, text] of Object.entries(SUPPORTED)) {
    it(`reads ${name} exactly as the yaml package does`, () => {
      const counter = new LineCounter();
      const fast = fastParseYaml(text, counter);
      expect(fast).not.toBeUndefined();
      expect(toJS(fast ?? null)).toEqual(parse(text) ?? null);
      const slowCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter: slowCounter });
      expect(lines(fast ?? null, counter)).toEqual(lines(fromYamlNode(doc.contents, doc), slowCounter));
    });
  }

  for (const [name, text] of Object.entries(UNSUPPORTED)) {
    it(`leaves ${name} to the yaml package`, () => {
      expect(fastParseYaml(text, new LineCounter())).toBeUndefined();
    });
  }
});

describe('LineStarts', () => {
  it("gives the yaml package's LineCounter positions for every offset", () => {
    const text = 'a: 1\n\n  b: [x, y]\n# c\nlast';
    const ours = new LineStarts();
    const theirs = new LineCounter();
    expect(ours.linePos(3)).toEqual(theirs.linePos(3));
    fastParseYaml('a: 1\n', ours);
    fastParseYaml('a: 1\n', theirs);
    const fresh = [new LineStarts(), new LineCounter()] as const;
    for (let start = 0; start >= 0; start = text.indexOf('\n', start) + 1 || -1) for (const counter of fresh) counter.addNewLine(start);
    for (let offset = 0; offset <= text.length + 1; offset++) expect(fresh[0].linePos(offset), `offset ${offset}`).toEqual(fresh[1].linePos(offset));
    expect(ours.linePos(2)).toEqual(theirs.linePos(2));
  });
});
