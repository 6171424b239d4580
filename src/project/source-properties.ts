import { isYScalar, type YNode } from './yaml-nodes.js';
import type { FreshnessRule, FreshnessThreshold, SourceProperties, SourceTableProperties } from '../core/index.js';
import { readColumns } from './node-properties.js';
import { readTestsOf } from './test-definitions.js';
import type { YamlEntry, YamlFile } from './yaml-file.js';

const SOURCE_KEYS = ['name', 'description', 'schema', 'database', 'loader', 'loaded_at_field', 'freshness', 'meta', 'tags', 'config', 'quoting', 'overrides', 'tables'];
const TABLE_KEYS = ['name', 'identifier', 'description', 'loaded_at_field', 'freshness', 'columns', 'tests', 'data_tests', 'meta', 'tags', 'config', 'external', 'quoting'];
const SOURCE_CONFIG_KEYS = ['enabled', 'meta', 'tags', 'freshness', 'loaded_at_field', 'event_time'];
const PERIODS = ['minute', 'hour', 'day'];

export function readSourceList(file: YamlFile, entry: YamlEntry): SourceProperties[] {
  if (file.isNull(entry.value)) return [];
  const items = file.items(entry.value, '`sources:`', entry.keyNode, 'Write each source as a list entry: `- name: my_source`.');
  const result: SourceProperties[] = [];
  for (const item of items ?? []) {
    const source = readSource(file, item, entry.keyNode);
    if (source) result.push(source);
  }
  return result;
}

function readSource(file: YamlFile, node: YNode | null, near: YNode): SourceProperties | null {
  const entries = file.entries(node, 'each entry of `sources:`', near);
  if (!entries) return null;
  const name = nameOf(file, node, entries, 'source');
  if (name === null) return null;
  const what = `source \`${name}\``;
  file.checkKeys(entries, SOURCE_KEYS, what);
  const source: SourceProperties = {
    name, schema: name, database: null, description: '', loadedAtField: null, freshness: null, tables: [], meta: {}, tags: [], config: {}, location: file.location(node),
  };
  let tablesEntry: YamlEntry | undefined;
  for (const entry of entries) {
    const { key, keyNode, value } = entry;
    const label = `\`${key}\` of ${what}`;
    if (key === 'description') source.description = optionalString(file, value, label, keyNode) ?? '';
    else if (key === 'schema') source.schema = file.string(value, label, keyNode) ?? name;
    else if (key === 'database') source.database = optionalString(file, value, label, keyNode);
    else if (key === 'loader') optionalString(file, value, label, keyNode);
    else if (key === 'loaded_at_field') source.loadedAtField = optionalString(file, value, label, keyNode);
    else if (key === 'freshness') source.freshness = readFreshness(file, value, what, keyNode);
    else if (key === 'meta') source.meta = file.mapping(value, label, keyNode) ?? {};
    else if (key === 'tags') source.tags = file.stringList(value, label, keyNode) ?? [];
    else if (key === 'config') source.config = readSourceConfig(file, value, what, keyNode);
    else if (key === 'quoting' || key === 'overrides') file.mapping(value, label, keyNode);
    else if (key === 'tables') tablesEntry = entry;
  }
  if (tablesEntry && !file.isNull(tablesEntry.value)) {
    const items = file.items(tablesEntry.value, `\`tables\` of ${what}`, tablesEntry.keyNode, 'Write each table as a list entry: `- name: my_table`.');
    for (const item of items ?? []) {
      const table = readTable(file, item, source, tablesEntry.keyNode);
      if (table) source.tables.push(table);
    }
  }
  return source;
}

function readTable(file: YamlFile, node: YNode | null, source: SourceProperties, near: YNode): SourceTableProperties | null {
  const entries = file.entries(node, `each table of source \`${source.name}\``, near);
  if (!entries) return null;
  const name = nameOf(file, node, entries, `table of source \`${source.name}\``);
  if (name === null) return null;
  const what = `source table \`${source.name}.${name}\``;
  file.checkKeys(entries, TABLE_KEYS, what);
  // Inheritance is resolved here so the compiler needs no "absent vs null" distinction: `freshness: null`
  // on a table switches the source's rule off, a table rule overrides the source's fields it sets.
  const table: SourceTableProperties = {
    name, identifier: null, description: '', loadedAtField: source.loadedAtField, freshness: source.freshness, columns: [], tests: [], meta: {}, tags: [], config: {}, location: file.location(node),
  };
  for (const { key, keyNode, value } of entries) {
    const label = `\`${key}\` of ${what}`;
    if (key === 'identifier') table.identifier = optionalString(file, value, label, keyNode);
    else if (key === 'description') table.description = optionalString(file, value, label, keyNode) ?? '';
    else if (key === 'loaded_at_field') table.loadedAtField = optionalString(file, value, label, keyNode);
    else if (key === 'freshness') table.freshness = file.isNull(value) ? null : mergeFreshness(source.freshness, readFreshness(file, value, what, keyNode), value, file);
    else if (key === 'columns') table.columns = readColumns(file, value, what, keyNode);
    else if (key === 'meta') table.meta = file.mapping(value, label, keyNode) ?? {};
    else if (key === 'tags') table.tags = file.stringList(value, label, keyNode) ?? [];
    else if (key === 'config') table.config = readSourceConfig(file, value, what, keyNode);
    else if (key === 'external' || key === 'quoting') file.mapping(value, label, keyNode);
  }
  table.tests = readTestsOf(file, entries, what);
  return table;
}

function mergeFreshness(base: FreshnessRule | null, update: FreshnessRule | null, node: YNode | null, file: YamlFile): FreshnessRule | null {
  if (!update || !base) return update;
  const has = (key: string) => (file.entries(node, 'freshness') ?? []).some((entry) => entry.key === key);
  return {
    warnAfter: has('warn_after') ? update.warnAfter : base.warnAfter,
    errorAfter: has('error_after') ? update.errorAfter : base.errorAfter,
    filter: has('filter') ? update.filter : base.filter,
  };
}

function readFreshness(file: YamlFile, node: YNode | null, owner: string, near: YNode): FreshnessRule | null {
  if (file.isNull(node)) return null;
  const what = `\`freshness\` of ${owner}`;
  const entries = file.entries(node, what, near);
  if (!entries) return null;
  file.checkKeys(entries, ['warn_after', 'error_after', 'filter'], what);
  const rule: FreshnessRule = { warnAfter: null, errorAfter: null, filter: null };
  for (const { key, keyNode, value } of entries) {
    if (key === 'warn_after') rule.warnAfter = readThreshold(file, value, `\`freshness.warn_after\` of ${owner}`, keyNode);
    if (key === 'error_after') rule.errorAfter = readThreshold(file, value, `\`freshness.error_after\` of ${owner}`, keyNode);
    if (key === 'filter') rule.filter = optionalString(file, value, `\`freshness.filter\` of ${owner}`, keyNode);
  }
  return rule;
}

function readThreshold(file: YamlFile, node: YNode | null, what: string, near: YNode): FreshnessThreshold | null {
  if (file.isNull(node)) return null;
  const entries = file.entries(node, what, near);
  if (!entries) return null;
  file.checkKeys(entries, ['count', 'period'], what);
  let count: number | null = null;
  let period: FreshnessThreshold['period'] | null = null;
  for (const { key, keyNode, value } of entries) {
    if (key === 'count') {
      count = file.integer(value, `\`count\` in ${what}`, keyNode);
      if (count === 0) file.fail(value, `\`count\` in ${what} must be at least 1`);
    }
    if (key === 'period') {
      const text = file.string(value, `\`period\` in ${what}`, keyNode);
      if (text !== null && !PERIODS.includes(text)) file.fail(value, `\`period\` in ${what} must be minute, hour or day, not "${text}"`);
      else if (text !== null) period = text as FreshnessThreshold['period'];
    }
  }
  if (!entries.some((entry) => entry.key === 'count') || !entries.some((entry) => entry.key === 'period')) {
    file.fail(node, `${what} needs both \`count\` and \`period\``, 'Example: {count: 12, period: hour}.');
    return null;
  }
  return count !== null && count > 0 && period !== null ? { count, period } : null;
}

function readSourceConfig(file: YamlFile, node: YNode | null, owner: string, near: YNode): Record<string, unknown> {
  if (file.isNull(node)) return {};
  const entries = file.entries(node, `\`config\` of ${owner}`, near) ?? [];
  file.checkKeys(entries, SOURCE_CONFIG_KEYS, `\`config\` of ${owner}`);
  const config: Record<string, unknown> = {};
  for (const { key, keyNode, value } of entries) {
    if (key === 'enabled') config.enabled = file.boolean(value, `\`config.enabled\` of ${owner}`, keyNode);
    else if (key === 'tags') config.tags = file.stringList(value, `\`config.tags\` of ${owner}`, keyNode);
    else if (key === 'freshness') config.freshness = readFreshness(file, value, owner, keyNode);
    else if (SOURCE_CONFIG_KEYS.includes(key)) config[key] = file.js(value);
  }
  return config;
}

function nameOf(file: YamlFile, node: YNode | null, entries: YamlEntry[], what: string): string | null {
  const entry = entries.find((candidate) => candidate.key === 'name');
  if (!entry) {
    file.fail(node, `a ${what} has no \`name:\``, 'Every entry starts with `- name: …`.');
    return null;
  }
  return file.text(entry.value, `\`name\` of a ${what}`, entry.keyNode);
}

function optionalString(file: YamlFile, node: YNode | null, what: string, near: YNode): string | null {
  if (file.isNull(node)) return null;
  if (isYScalar(node) && typeof node.value === 'number') return String(node.value);
  return file.string(node, what, near);
}
