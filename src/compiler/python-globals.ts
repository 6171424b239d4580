/** Python built-ins and modules dbt exposes to templates: zip, range, namespace, set, tojson/fromjson, yaml, modules. */
import { createHash } from 'node:crypto';
import { Relation } from '../core/index.js';
import { yamlPackage } from '../project/index.js';
import { bindArgs, pythonCallable, splitKwargs } from './call-args.js';
import { datetimeModule } from './py-datetime.js';
import { reModule } from './py-re.js';
import { pyJson } from './py-values.js';

function range(...args: unknown[]): number[] {
  const numbers = splitKwargs(args).positional.map(Number);
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw new Error('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function zip(...lists: unknown[]): unknown[][] {
  const arrays = lists.map((list) => Array.from((list ?? []) as Iterable<unknown>));
  const length = arrays.length === 0 ? 0 : Math.min(...arrays.map((array) => array.length));
  return Array.from({ length }, (_, i) => arrays.map((array) => array[i]));
}

function dedupe(values: unknown): unknown[] {
  return [...new Set(Array.from((values ?? []) as Iterable<unknown>))];
}

function setAttribute(target: unknown, name: string, value: unknown): string {
  if (target === null || typeof target !== 'object') throw new Error(`cannot set attribute '${name}' on ${String(target)}: use namespace()`);
  (target as Record<string, unknown>)[name] = value;
  return '';
}

export function pythonGlobals(): Record<string, unknown> {
  const modules = { datetime: datetimeModule(), re: reModule(), itertools: { chain: (...lists: unknown[][]) => lists.flat() } };
  return {
    range,
    zip,
    set: dedupe,
    namespace: (...args: unknown[]) => ({ ...splitKwargs(args).kwargs }),
    __setattr: setAttribute,
    tojson: pythonCallable(['value', 'default', 'sort_keys'], (value, fallback, sortKeys) => {
      try {
        return pyJson(value, undefined, Boolean(sortKeys));
      } catch {
        return fallback ?? null;
      }
    }),
    fromjson: pythonCallable(['string', 'default'], (text, fallback) => {
      try {
        return JSON.parse(String(text)) as unknown;
      } catch {
        return fallback ?? null;
      }
    }),
    toyaml: pythonCallable(['value', 'default', 'sort_keys'], (value, fallback, sortKeys) => {
      try {
        return yamlPackage().stringify(value, { sortMapEntries: Boolean(sortKeys) });
      } catch {
        return fallback ?? null;
      }
    }),
    fromyaml: pythonCallable(['string', 'default'], (text, fallback) => {
      try {
        return yamlPackage().parse(String(text)) as unknown;
      } catch {
        return fallback ?? null;
      }
    }),
    local_md5: (text: unknown) => createHash('md5').update(String(text)).digest('hex'),
    print: () => '',
    modules,
    api: {
      Relation: {
        create: (...args: unknown[]) => {
          const bound = bindArgs(['database', 'schema', 'identifier', 'type'], args);
          return new Relation({
            database: (bound.database as string | null | undefined) ?? null,
            schema: String(bound.schema ?? ''),
            identifier: String(bound.identifier ?? ''),
            type: (bound.type as 'table' | 'view' | undefined) ?? 'table',
          });
        },
      },
    },
  };
}
