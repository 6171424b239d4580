import type { ConfigError, PropertiesFile } from '../core/index.js';
import { readNodeList, type NodeSection } from './node-properties.js';
import { readSourceList } from './source-properties.js';
import { readUnitTestList } from './unit-test-properties.js';
import { YamlFile, type YamlEntry } from './yaml-file.js';

const NODE_SECTIONS: NodeSection[] = ['models', 'seeds', 'snapshots', 'analyses', 'macros'];
/** Accepted so dbt projects load, but only checked to be lists of named entries: chatsem does not use them. */
const LOOSE_SECTIONS = ['exposures', 'metrics', 'semantic_models', 'saved_queries', 'groups'];
const TOP_LEVEL_KEYS = ['version', ...NODE_SECTIONS, 'sources', 'unit_tests', ...LOOSE_SECTIONS];

/**
 * Parses and validates one properties YAML file (`path` relative to the project root). Problems are appended to
 * `errors`; what could be read is returned so that one run reports every mistake of every file.
 */
export function readPropertiesFile(path: string, text: string, errors: ConfigError[]): PropertiesFile {
  const result: PropertiesFile = { path, models: [], seeds: [], snapshots: [], analyses: [], macros: [], sources: [], unitTests: [] };
  const file = new YamlFile(path, text, errors);
  const root = file.root;
  if (file.isNull(root)) return result;
  const entries = file.entries(root, `properties file ${path}`);
  if (!entries) return result;
  file.checkKeys(entries, TOP_LEVEL_KEYS, path, {
    data_tests: '`data_tests:` is not a top-level key: put it under a model, a column or a source table.',
    tests: '`tests:` is not a top-level key: put it under a model, a column or a source table.',
    columns: '`columns:` belongs under a model: `models: [{name: my_model, columns: [...]}]`.',
  });
  for (const entry of entries) {
    if (entry.key === 'version') file.integer(entry.value, '`version`', entry.keyNode);
    else if ((NODE_SECTIONS as string[]).includes(entry.key)) result[entry.key as NodeSection].push(...readNodeList(file, entry, entry.key as NodeSection));
    else if (entry.key === 'sources') result.sources.push(...readSourceList(file, entry));
    else if (entry.key === 'unit_tests') result.unitTests.push(...readUnitTestList(file, entry));
    else if (LOOSE_SECTIONS.includes(entry.key)) readNamedList(file, entry);
  }
  return result;
}

function readNamedList(file: YamlFile, entry: YamlEntry): void {
  if (file.isNull(entry.value)) return;
  for (const item of file.items(entry.value, `\`${entry.key}:\``, entry.keyNode) ?? []) {
    const fields = file.entries(item, `each entry of \`${entry.key}:\``, entry.keyNode);
    if (fields && !fields.some((field) => field.key === 'name')) file.fail(item, `an entry of \`${entry.key}:\` has no \`name:\``);
  }
}
