import { isYMap, isYScalar, type YNode } from './yaml-nodes.js';
import type { UnitTestInput, UnitTestProperties } from '../core/index.js';
import type { YamlEntry, YamlFile } from './yaml-file.js';

const UNIT_TEST_KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions'];
const FORMATS = ['dict', 'csv', 'sql'] as const;
const INPUT = /^\s*(ref|source)\s*\(.*\)\s*$|^\s*this\s*$/s;

export function readUnitTestList(file: YamlFile, entry: YamlEntry): UnitTestProperties[] {
  if (file.isNull(entry.value)) return [];
  const items = file.items(entry.value, '`unit_tests:`', entry.keyNode, 'Write each unit test as a list entry: `- name: my_test`.');
  const result: UnitTestProperties[] = [];
  for (const item of items ?? []) {
    const test = readUnitTest(file, item, entry.keyNode);
    if (test) result.push(test);
  }
  return result;
}

function readUnitTest(file: YamlFile, node: YNode | null, near: YNode): UnitTestProperties | null {
  const entries = file.entries(node, 'each entry of `unit_tests:`', near);
  if (!entries) return null;
  const nameEntry = entries.find((entry) => entry.key === 'name');
  if (!nameEntry) {
    file.fail(node, 'a unit test has no `name:`', 'Every entry starts with `- name: …`.');
    return null;
  }
  const name = file.text(nameEntry.value, '`name` of a unit test', nameEntry.keyNode);
  if (name === null) return null;
  const what = `unit test \`${name}\``;
  file.checkKeys(entries, UNIT_TEST_KEYS, what);
  const test: UnitTestProperties = {
    name, model: '', description: '', given: [], expect: { input: '', format: 'dict', rows: [], text: null }, overrides: {}, config: {}, location: file.location(node),
  };
  for (const { key, keyNode, value } of entries) {
    const label = `\`${key}\` of ${what}`;
    if (key === 'model') test.model = file.text(value, label, keyNode) ?? '';
    else if (key === 'description') test.description = file.isNull(value) ? '' : (file.string(value, label, keyNode) ?? '');
    else if (key === 'given') {
      for (const item of file.items(value, label, keyNode) ?? []) {
        const input = readInput(file, item, `an input in \`given\` of ${what}`, keyNode, true);
        if (input) test.given.push(input);
      }
    } else if (key === 'expect') test.expect = readInput(file, value, `\`expect\` of ${what}`, keyNode, false) ?? test.expect;
    else if (key === 'overrides') test.overrides = readOverrides(file, value, what, keyNode);
    else if (key === 'config') test.config = readUnitConfig(file, value, what, keyNode);
    else if (key === 'versions') file.mapping(value, label, keyNode);
  }
  for (const required of ['model', 'given', 'expect']) {
    if (!entries.some((entry) => entry.key === required)) file.fail(node, `${what} has no \`${required}:\``);
  }
  return test;
}

function readInput(file: YamlFile, node: YNode | null, what: string, near: YNode, withInput: boolean): UnitTestInput | null {
  const entries = file.entries(node, what, near);
  if (!entries) return null;
  const allowed = withInput ? ['input', 'rows', 'format', 'fixture'] : ['rows', 'format', 'fixture'];
  file.checkKeys(entries, allowed, what);
  const get = (key: string) => entries.find((entry) => entry.key === key);
  const result: UnitTestInput = { input: '', format: 'dict', rows: null, text: null };
  const fixture = get('fixture');
  if (fixture) {
    file.fail(fixture.keyNode, `\`fixture\` files are not supported yet (${what})`, 'Write the rows inline under `rows:` (a list of mappings, or CSV text with `format: csv`).');
    return null;
  }
  if (withInput) {
    const input = get('input');
    const text = input ? file.string(input.value, `\`input\` of ${what}`, input.keyNode) : null;
    if (!input) file.fail(node, `${what} has no \`input:\``, "Name what the rows stand in for: input: ref('model') or input: source('source', 'table').");
    else if (text !== null && !INPUT.test(text)) file.fail(input.value, `\`input\` of ${what} must be ref('…') or source('…', '…'), not "${text}"`);
    if (text === null) return null;
    result.input = text.trim();
  }
  const format = get('format');
  if (format && !file.isNull(format.value)) {
    const text = file.string(format.value, `\`format\` of ${what}`, format.keyNode);
    if (text !== null && !(FORMATS as readonly string[]).includes(text)) file.fail(format.value, `\`format\` of ${what} must be dict, csv or sql, not "${text}"`);
    else if (text !== null) result.format = text as UnitTestInput['format'];
  }
  const rows = get('rows');
  if (!rows) {
    file.fail(node, `${what} has no \`rows:\``, 'Give the rows inline (an empty list `rows: []` for no rows).');
    return result;
  }
  if (result.format === 'dict') {
    if (file.isNull(rows.value)) result.rows = [];
    else {
      const items = file.items(rows.value, `\`rows\` of ${what} (format dict)`, rows.keyNode, 'Write rows as `- {column: value, …}`, or set `format: csv` for CSV text.');
      result.rows = [];
      for (const item of items ?? []) {
        if (!isYMap(item)) file.fail(item, `each row in \`rows\` of ${what} must be a mapping {column: value}`, undefined, rows.keyNode);
        else result.rows.push(file.js(item) as Record<string, unknown>);
      }
    }
  } else if (isYScalar(rows.value) && typeof rows.value.value === 'string') {
    result.text = rows.value.value;
  } else {
    file.fail(rows.value, `\`rows\` of ${what} must be text when \`format: ${result.format}\``, 'Use a block scalar: `rows: |` followed by the indented text.', rows.keyNode);
  }
  return result;
}

function readOverrides(file: YamlFile, node: YNode | null, what: string, near: YNode): UnitTestProperties['overrides'] {
  if (file.isNull(node)) return {};
  const entries = file.entries(node, `\`overrides\` of ${what}`, near) ?? [];
  file.checkKeys(entries, ['vars', 'macros', 'env_vars'], `\`overrides\` of ${what}`);
  const overrides: UnitTestProperties['overrides'] = {};
  for (const { key, keyNode, value } of entries) {
    const mapping = file.mapping(value, `\`overrides.${key}\` of ${what}`, keyNode);
    if (!mapping) continue;
    if (key === 'vars') overrides.vars = mapping;
    if (key === 'macros') overrides.macros = mapping;
    if (key === 'env_vars') overrides.env_vars = Object.fromEntries(Object.entries(mapping).map(([name, text]) => [name, String(text)]));
  }
  return overrides;
}

function readUnitConfig(file: YamlFile, node: YNode | null, what: string, near: YNode): Record<string, unknown> {
  if (file.isNull(node)) return {};
  const entries = file.entries(node, `\`config\` of ${what}`, near) ?? [];
  file.checkKeys(entries, ['tags', 'enabled', 'meta'], `\`config\` of ${what}`);
  const config: Record<string, unknown> = {};
  for (const { key, keyNode, value } of entries) {
    if (key === 'tags') config.tags = file.stringList(value, `\`config.tags\` of ${what}`, keyNode) ?? [];
    if (key === 'enabled') config.enabled = file.boolean(value, `\`config.enabled\` of ${what}`, keyNode);
    if (key === 'meta') config.meta = file.mapping(value, `\`config.meta\` of ${what}`, keyNode) ?? {};
  }
  return config;
}
