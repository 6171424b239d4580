/** dbt's names and ids for generic tests (core/dbt/parser/generic_test_builders.py and schemas.py). */
import * as crypto from 'node:crypto';
import { isPlainObject } from './python-methods.js';
import { pyRepr, pyStr } from './py-values.js';

// crypto.hash (Node ≥ 20.12) is the one-shot form: a fraction of createHash's cost for short inputs, and a
// 10,000-model project hashes ~22,000 test names.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const md5 = (text: string): string => (oneShot ? oneShot('md5', text, 'hex') : crypto.createHash('md5').update(text, 'utf8').digest('hex'));

/**
 * `not_null_orders_id`, `accepted_values_orders_status__placed__shipped` …: the full name, and the short
 * name used as alias when the full one has 64 characters or more (first 30 characters + md5 of the full name).
 */
export function syntheticTestNames(testType: string, targetName: string, args: Record<string, unknown>): { short: string; full: string } {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = isPlainObject(value) ? Object.values(value) : Array.isArray(value) ? value : [value];
    flat.push(...parts.map(pyStr));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testType}_${targetName}`;
  const full = `${identifier}_${unique}`;
  const short = full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full;
  return { short, full };
}

/** Python's `repr(get_hashable_md(value))`: dict keys sorted, every leaf as `str()`, written directly. */
function hashableRepr(value: unknown): string {
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += `${i === 0 ? '' : ', '}${pyRepr(keys[i])}: ${hashableRepr(value[keys[i]!])}`;
    return `${out}}`;
  }
  if (Array.isArray(value)) return `[${value.map(hashableRepr).join(', ')}]`;
  return pyRepr(pyStr(value));
}

/** The 10-hex suffix of a generic test's unique_id: md5(name + repr(test_metadata)), last 10 characters. */
export function testHash(name: string, metadata: { name: string; namespace: string | null; kwargs: Record<string, unknown> }): string {
  return md5(name + hashableRepr(metadata)).slice(-10);
}
