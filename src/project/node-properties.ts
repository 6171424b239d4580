import { isYScalar, type YNode } from './yaml-nodes.js';
import type { ColumnProperties, NodeProperties } from '../core/index.js';
import { CONFIG_KEYS, normalizeConfigKey } from './config-keys.js';
import { readTestsOf } from './test-definitions.js';
import type { YamlEntry, YamlFile } from './yaml-file.js';

export type NodeSection = 'models' | 'seeds' | 'snapshots' | 'analyses' | 'macros';

const SINGULAR: Record<NodeSection, string> = { models: 'model', seeds: 'seed', snapshots: 'snapshot', analyses: 'analysis', macros: 'macro' };
const COMMON_KEYS = ['name', 'description', 'config', 'columns', 'tests', 'data_tests', 'docs', 'meta', 'tags', 'group'];
const KEYS: Record<NodeSection, string[]> = {
  models: [...COMMON_KEYS, 'latest_version', 'versions', 'constraints', 'access', 'deprecation_date'],
  seeds: COMMON_KEYS,
  snapshots: COMMON_KEYS,
  analyses: COMMON_KEYS,
  macros: ['name', 'description', 'arguments', 'docs', 'meta'],
};
const COLUMN_KEYS = ['name', 'description', 'data_type', 'quote', 'tests', 'data_tests', 'meta', 'tags', 'constraints', 'policy_tags', 'config'];
const COMMON_TESTS = ['unique', 'not_null', 'accepted_values', 'relationships'];

export function readNodeList(file: YamlFile, entry: YamlEntry, section: NodeSection): NodeProperties[] {
  if (file.isNull(entry.value)) return [];
  const items = file.items(entry.value, `\`${section}:\``, entry.keyNode, `Write each ${SINGULAR[section]} as a list entry: \`- name: my_${SINGULAR[section]}\`.`);
  const result: NodeProperties[] = [];
  for (const item of items ?? []) {
    const node = readNode(file, item, section, entry.keyNode);
    if (node) result.push(node);
  }
  return result;
}

function readNode(file: YamlFile, node: YNode | null, section: NodeSection, near: YNode): NodeProperties | null {
  const kind = SINGULAR[section];
  const entries = file.entries(node, `each entry of \`${section}:\``, near);
  if (!entries) return null;
  const name = requireName(file, node, entries, `${kind} entry`);
  if (name === null) return null;
  const what = `${kind} \`${name}\``;
  file.checkKeys(entries, KEYS[section], what, testKeyHints(entries, '`tests:`'));
  const result: NodeProperties = { name, description: '', config: {}, columns: [], tests: [], docs: {}, meta: {}, location: file.location(node) };
  for (const { key, keyNode, value } of entries) {
    if (key === 'description') result.description = description(file, value, what, keyNode);
    else if (key === 'config') result.config = { ...readNodeConfig(file, value, what, keyNode), ...result.config };
    else if (key === 'columns') result.columns = readColumns(file, value, what, keyNode);
    else if (key === 'docs') result.docs = readDocs(file, value, what, keyNode);
    else if (key === 'meta') result.meta = file.mapping(value, `\`meta\` of ${what}`, keyNode) ?? {};
    else if (key === 'tags') addTags(result.config, file.stringList(value, `\`tags\` of ${what}`, keyNode));
    // dbt treats these as config too; keeping them there gives the compiler one place to look.
    else if (key === 'access' || key === 'group' || key === 'deprecation_date') result.config[key] = file.text(value, `\`${key}\` of ${what}`, keyNode);
    else if (key === 'constraints') file.items(value, `\`constraints\` of ${what}`, keyNode);
    else if (key === 'versions') readVersions(file, value, what, keyNode);
    else if (key === 'arguments') readMacroArguments(file, value, what, keyNode);
  }
  result.tests = readTestsOf(file, entries, what);
  return result;
}

export function readColumns(file: YamlFile, node: YNode | null, owner: string, near: YNode): ColumnProperties[] {
  if (file.isNull(node)) return [];
  const items = file.items(node, `\`columns\` of ${owner}`, near, 'Write each column as a list entry: `- name: my_column`.');
  if (!items) return [];
  const columns: ColumnProperties[] = [];
  let previous: string | null = null;
  for (const item of items) {
    if (isYScalar(item) && typeof item.value === 'string') {
      const looksLikeTest = COMMON_TESTS.includes(item.value) || item.value.includes('.');
      file.fail(
        item,
        `column entry \`${item.value}\` of ${owner} is not a mapping with \`name:\``,
        looksLikeTest && previous
          ? `Did you mean to put it under \`tests:\` of column ${previous}? Indent it below \`tests:\` of that column.`
          : previous
            ? `Write \`- name: ${item.value}\` if it is a column, or put it under \`tests:\` of column ${previous} if it is a test.`
            : `Write \`- name: ${item.value}\`.`,
      );
      continue;
    }
    const column = readColumn(file, item, owner, near);
    if (column) {
      columns.push(column);
      previous = column.name;
    }
  }
  return columns;
}

function readColumn(file: YamlFile, node: YNode | null, owner: string, near: YNode): ColumnProperties | null {
  const entries = file.entries(node, `each column of ${owner}`, near);
  if (!entries) return null;
  const name = requireName(file, node, entries, `column of ${owner}`);
  if (name === null) return null;
  const what = `column \`${name}\` of ${owner}`;
  file.checkKeys(entries, COLUMN_KEYS, what, testKeyHints(entries, `\`tests:\` of column ${name}`));
  const column: ColumnProperties = { name, description: '', dataType: null, quote: null, tests: [], meta: {}, tags: [], location: file.location(node) };
  for (const { key, keyNode, value } of entries) {
    if (key === 'description') column.description = description(file, value, what, keyNode);
    else if (key === 'data_type' && !file.isNull(value)) column.dataType = file.string(value, `\`data_type\` of ${what}`, keyNode);
    else if (key === 'quote' && !file.isNull(value)) column.quote = file.boolean(value, `\`quote\` of ${what}`, keyNode);
    else if (key === 'meta') column.meta = { ...column.meta, ...file.mapping(value, `\`meta\` of ${what}`, keyNode) };
    else if (key === 'tags') column.tags.push(...(file.stringList(value, `\`tags\` of ${what}`, keyNode) ?? []));
    else if (key === 'constraints') file.items(value, `\`constraints\` of ${what}`, keyNode);
    else if (key === 'policy_tags') file.stringList(value, `\`policy_tags\` of ${what}`, keyNode);
    else if (key === 'config') readColumnConfig(file, value, what, keyNode, column);
  }
  column.tests = readTestsOf(file, entries, what);
  return column;
}

function readColumnConfig(file: YamlFile, node: YNode | null, what: string, near: YNode, column: ColumnProperties): void {
  if (file.isNull(node)) return;
  const entries = file.entries(node, `\`config\` of ${what}`, near) ?? [];
  file.checkKeys(entries, ['meta', 'tags'], `\`config\` of ${what}`);
  for (const { key, keyNode, value } of entries) {
    if (key === 'meta') column.meta = { ...column.meta, ...file.mapping(value, `\`meta\` of ${what}`, keyNode) };
    if (key === 'tags') column.tags.push(...(file.stringList(value, `\`tags\` of ${what}`, keyNode) ?? []));
  }
}

/** `config:` of a node in properties YAML: known keys only, hooks normalised, the common ones type-checked. */
export function readNodeConfig(file: YamlFile, node: YNode | null, owner: string, near: YNode): Record<string, unknown> {
  if (file.isNull(node)) return {};
  const entries = file.entries(node, `\`config\` of ${owner}`, near);
  if (!entries) return {};
  const config: Record<string, unknown> = {};
  const allowed = [...CONFIG_KEYS, 'pre-hook', 'post-hook'];
  file.checkKeys(entries, allowed, `\`config\` of ${owner}`);
  for (const { key, keyNode, value } of entries) {
    if (!allowed.includes(key)) continue;
    const name = normalizeConfigKey(key);
    const what = `\`config.${key}\` of ${owner}`;
    const raw = isYScalar(value) ? value.value : undefined;
    if (typeof raw === 'string' && raw.includes('{{') && name !== 'pre_hook' && name !== 'post_hook') config[name] = raw;
    else if (name === 'enabled' || name === 'full_refresh') config[name] = file.isNull(value) ? null : file.boolean(value, what, keyNode);
    else if (name === 'tags' || name === 'pre_hook' || name === 'post_hook') config[name] = file.stringList(value, what, keyNode) ?? [];
    else if (name === 'meta') config[name] = file.mapping(value, what, keyNode) ?? {};
    else if (['materialized', 'schema', 'alias', 'database'].includes(name)) config[name] = file.isNull(value) ? null : file.string(value, what, keyNode);
    else config[name] = file.js(value);
  }
  return config;
}

function requireName(file: YamlFile, node: YNode | null, entries: YamlEntry[], what: string): string | null {
  const entry = entries.find((candidate) => candidate.key === 'name');
  if (!entry) {
    file.fail(node, `${what} has no \`name:\``, 'Every entry starts with `- name: …`.');
    return null;
  }
  return file.text(entry.value, `\`name\` of a ${what}`, entry.keyNode);
}

function description(file: YamlFile, node: YNode | null, what: string, near: YNode): string {
  if (file.isNull(node)) return '';
  return file.string(node, `\`description\` of ${what}`, near) ?? '';
}

function addTags(config: Record<string, unknown>, tags: string[] | null): void {
  if (!tags) return;
  const existing = Array.isArray(config.tags) ? (config.tags as string[]) : [];
  config.tags = [...existing, ...tags];
}

function readDocs(file: YamlFile, node: YNode | null, what: string, near: YNode): Record<string, unknown> {
  if (file.isNull(node)) return {};
  const entries = file.entries(node, `\`docs\` of ${what}`, near) ?? [];
  file.checkKeys(entries, ['show', 'node_color'], `\`docs\` of ${what}`);
  for (const { key, keyNode, value } of entries) {
    if (key === 'show') file.boolean(value, `\`docs.show\` of ${what}`, keyNode);
    if (key === 'node_color') file.string(value, `\`docs.node_color\` of ${what}`, keyNode);
  }
  return file.mapping(node, `\`docs\` of ${what}`, near) ?? {};
}

function readVersions(file: YamlFile, node: YNode | null, what: string, near: YNode): void {
  for (const item of file.items(node, `\`versions\` of ${what}`, near) ?? []) {
    const entries = file.entries(item, `each version of ${what}`, near);
    if (entries && !entries.some((entry) => entry.key === 'v')) file.fail(item, `a version of ${what} has no \`v:\``);
  }
}

function readMacroArguments(file: YamlFile, node: YNode | null, what: string, near: YNode): void {
  for (const item of file.items(node, `\`arguments\` of ${what}`, near) ?? []) {
    const entries = file.entries(item, `each argument of ${what}`, near);
    if (!entries) continue;
    file.checkKeys(entries, ['name', 'type', 'description'], `an argument of ${what}`);
    requireName(file, item, entries, `argument of ${what}`);
  }
}

/** When a key looks like a test written at the wrong depth, say where it belongs. */
function testKeyHints(entries: YamlEntry[], where: string): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const { key } of entries) {
    if (COMMON_TESTS.includes(key) || key.includes('.')) hints[key] = `Did you mean to put \`${key}\` under ${where}? Write it as \`- ${key}\` in that list.`;
  }
  return hints;
}
