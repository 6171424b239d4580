import { ConfigError, type Vars } from '../core/index.js';
import { yamlPackage } from './yaml-package.js';

const FORMS_HINT =
  "Give a YAML/JSON mapping, e.g. --vars '{source_schema_prefix: carbon_bot, session_gap_minutes: 30}', " +
  'or key=value pairs, e.g. --vars source_schema_prefix=carbon_bot,session_gap_minutes=30.';
const KEY_VALUE = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/;
/** A comma starts a new pair only when `key=` follows, so `intents=a,b` keeps its comma. */
const PAIR_SEPARATOR = /,(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*=)/;

/** Merges every `--vars` value, later ones overriding earlier ones key by key. */
export function parseCliVars(values: string[]): Vars {
  const vars: Vars = {};
  for (const value of values) Object.assign(vars, parseOne(value));
  return vars;
}

function parseOne(value: string): Vars {
  const text = value.trim();
  if (text === '') return {};
  if (!text.startsWith('{') && KEY_VALUE.test(text)) return parsePairs(text);
  const { isMap, parseDocument } = yamlPackage();
  const doc = parseDocument(text);
  if (doc.errors.length === 0 && isMap(doc.contents)) return doc.toJS() as Vars;
  const why = doc.errors[0]?.message.split('\n')[0];
  throw new ConfigError(`--vars value ${JSON.stringify(value)} is not a mapping${why ? ` (${why})` : ''}`, undefined, FORMS_HINT);
}

function parsePairs(text: string): Vars {
  const vars: Vars = {};
  for (const pair of text.split(PAIR_SEPARATOR)) {
    const equals = pair.indexOf('=');
    const key = pair.slice(0, equals).trim();
    vars[key] = scalar(pair.slice(equals + 1).trim());
  }
  return vars;
}

/** Words YAML reads as a string whatever their case; the rest (null, true, …) go through the parser. */
const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const YAML_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** YAML's reading of a scalar (numbers, booleans, null), unless that would change what the user typed (`007`, `1.50`). */
function scalar(text: string): unknown {
  if (text === '') return '';
  // The common case (a schema prefix, a name) needs no parser, and loading one is a visible part of a small run.
  if (PLAIN_WORD.test(text) && !YAML_WORDS.has(text)) return text;
  const doc = yamlPackage().parseDocument(text);
  if (doc.errors.length > 0) return text;
  const value: unknown = doc.toJS();
  if (typeof value === 'number') return String(value) === text ? value : text;
  if (typeof value === 'boolean') return String(value) === text.toLowerCase() ? value : text;
  if (value === null) return text.toLowerCase() === 'null' ? null : text;
  return text;
}
