import { isYMap, isYScalar, type YNode } from './yaml-nodes.js';
import type { TestDefinition } from '../core/index.js';
import { TEST_CONFIG_KEYS } from './config-keys.js';
import { describeNode, type YamlEntry, type YamlFile } from './yaml-file.js';

const TEST_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** `tests:` and `data_tests:` are synonyms; using both on one entry is ambiguous, so it is an error. */
export function readTestsOf(file: YamlFile, entries: YamlEntry[], owner: string): TestDefinition[] {
  const lists = entries.filter((entry) => entry.key === 'tests' || entry.key === 'data_tests');
  if (lists.length > 1) {
    file.fail(lists[1]!.keyNode, `${owner} has both \`tests:\` and \`data_tests:\``, 'Keep one list (data_tests: is the newer name).');
  }
  return lists.flatMap((entry) => readTests(file, entry, owner));
}

/** The `tests:` list of a model, column or source table: `- unique`, `- name: {args}`, or the `test_name:` form. */
export function readTests(file: YamlFile, entry: YamlEntry, owner: string): TestDefinition[] {
  if (file.isNull(entry.value)) return [];
  const items = file.items(entry.value, `\`${entry.key}:\` of ${owner}`, entry.keyNode, 'Write one test per line: `- unique`, `- not_null`, `- accepted_values: {values: [a, b]}`.');
  if (!items) return [];
  const tests: TestDefinition[] = [];
  for (const item of items) {
    const test = readTest(file, item, owner, entry.keyNode);
    if (test) tests.push(test);
  }
  return tests;
}

function readTest(file: YamlFile, node: YNode | null, owner: string, near: YNode): TestDefinition | null {
  const where = `test of ${owner}`;
  if (isYScalar(node) && typeof node.value === 'string') return makeTest(file, node.value, node, {}, {}, null, where);
  if (!isYMap(node)) {
    file.fail(node, `a ${where} must be a test name or a mapping, not ${describeNode(node)}`, 'Write `- unique` or `- accepted_values: {values: [a, b]}`.', near);
    return null;
  }
  const entries = file.entries(node, where) ?? [];
  if (entries.some((entry) => entry.key === 'test_name')) return readTestNameForm(file, node, entries, where);
  if (entries.length !== 1) {
    const keys = entries.map((entry) => entry.key).join(', ');
    const head = entries[0];
    const hint =
      head && file.isNull(head.value)
        ? `Indent the arguments (${entries.slice(1).map((e) => e.key).join(', ')}) under \`${head.key}:\`, two spaces deeper.`
        : 'Each list entry is one test: `- test_name: {arguments}`. Start a new `- ` line for the next test.';
    file.fail(node, `a ${where} has ${entries.length} keys (${keys}) where one test name was expected`, hint);
    return null;
  }
  const { key, keyNode, value } = entries[0]!;
  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  let customName: string | null = null;
  if (!file.isNull(value)) {
    const body = file.entries(value, `the arguments of test \`${key}\` (${owner})`, keyNode);
    if (!body) return null;
    const hasArguments = body.some((e) => e.key === 'arguments');
    for (const part of body) {
      if (part.key === 'arguments') Object.assign(args, file.mapping(part.value, `\`arguments\` of test \`${key}\``, part.keyNode) ?? {});
      else if (part.key === 'config') readTestConfig(file, part.value, key, part.keyNode, config);
      else if (part.key === 'name') customName = file.string(part.value, `\`name\` of test \`${key}\``, part.keyNode);
      else if (TEST_CONFIG_KEYS.includes(part.key)) setTestConfig(file, part, key, config);
      else if (hasArguments) {
        file.fail(part.keyNode, `\`${part.key}\` of test \`${key}\` (${owner}) is neither config nor inside \`arguments:\``, `Move \`${part.key}\` under \`arguments:\`, or under \`config:\` if it is config.`);
      } else args[part.key] = file.js(part.value);
    }
  }
  return makeTest(file, key, keyNode, args, config, customName, where);
}

/** dbt's alternative form: `- name: my_test` + `test_name: unique` + config/arguments side by side. */
function readTestNameForm(file: YamlFile, node: YNode, entries: YamlEntry[], where: string): TestDefinition | null {
  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  let customName: string | null = null;
  let testName: string | null = null;
  let nameNode: YNode | null = node;
  for (const part of entries) {
    if (part.key === 'test_name') {
      testName = file.string(part.value, '`test_name`', part.keyNode);
      nameNode = part.value;
    } else if (part.key === 'name') customName = file.string(part.value, '`name` of a test', part.keyNode);
    else if (part.key === 'arguments') Object.assign(args, file.mapping(part.value, '`arguments` of a test', part.keyNode) ?? {});
    else if (part.key === 'config') readTestConfig(file, part.value, testName ?? 'test', part.keyNode, config);
    else if (TEST_CONFIG_KEYS.includes(part.key)) setTestConfig(file, part, testName ?? 'test', config);
    else args[part.key] = file.js(part.value);
  }
  return testName === null ? null : makeTest(file, testName, nameNode, args, config, customName, where);
}

function makeTest(
  file: YamlFile, fullName: string, node: YNode | null, args: Record<string, unknown>, config: Record<string, unknown>,
  customName: string | null, where: string,
): TestDefinition | null {
  if (!TEST_NAME.test(fullName)) {
    file.fail(node, `"${fullName}" is not a valid test name (${where})`, 'A test name is an identifier, optionally with a package prefix: `not_null`, `dbt_utils.unique_combination_of_columns`.');
    return null;
  }
  const dot = fullName.indexOf('.');
  return {
    name: dot < 0 ? fullName : fullName.slice(dot + 1),
    namespace: dot < 0 ? null : fullName.slice(0, dot),
    args,
    config,
    customName,
    location: file.location(node),
  };
}

function readTestConfig(file: YamlFile, node: YNode | null, testName: string, near: YNode, config: Record<string, unknown>): void {
  if (file.isNull(node)) return;
  const entries = file.entries(node, `\`config\` of test \`${testName}\``, near);
  if (!entries) return;
  file.checkKeys(entries, TEST_CONFIG_KEYS, `\`config\` of test \`${testName}\``);
  for (const entry of entries) if (TEST_CONFIG_KEYS.includes(entry.key)) setTestConfig(file, entry, testName, config);
}

/** Type-checks one test config value. Strings holding Jinja are kept as they are: the compiler renders them. */
function setTestConfig(file: YamlFile, entry: YamlEntry, testName: string, config: Record<string, unknown>): void {
  const { key, keyNode, value } = entry;
  const what = `\`${key}\` of test \`${testName}\``;
  const raw = isYScalar(value) ? value.value : undefined;
  if (typeof raw === 'string' && raw.includes('{{')) {
    config[key] = raw;
    return;
  }
  let result: unknown = null;
  switch (key) {
    case 'severity': {
      const text = file.string(value, what, keyNode);
      if (text !== null && !/^(warn|error)$/i.test(text)) file.fail(value, `${what} must be \`warn\` or \`error\`, not "${text}"`);
      else if (text !== null) result = text.toLowerCase();
      break;
    }
    case 'store_failures_as': {
      const text = file.string(value, what, keyNode);
      if (text !== null && !['table', 'view', 'ephemeral'].includes(text)) file.fail(value, `${what} must be table, view or ephemeral, not "${text}"`);
      else result = text;
      break;
    }
    case 'limit':
      result = file.integer(value, what, keyNode);
      break;
    case 'store_failures':
    case 'enabled':
      result = file.boolean(value, what, keyNode);
      break;
    case 'tags':
      result = file.stringList(value, what, keyNode);
      break;
    case 'meta':
      result = file.mapping(value, what, keyNode);
      break;
    case 'warn_if':
    case 'error_if':
      result = typeof raw === 'number' ? String(raw) : file.string(value, what, keyNode);
      break;
    default:
      result = file.string(value, what, keyNode);
  }
  if (result !== null) config[key] = result;
}
