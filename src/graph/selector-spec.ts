import { ChatsemError } from '../core/index.js';

/** Selector methods chatsem implements, named as in dbt's `MethodName`. */
export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'path',
  'file',
  'source',
  'resource_type',
  'config',
  'test_name',
  'test_type',
  'package',
  'group',
  'access',
  'exposure',
  'metric',
  'semantic_model',
  'saved_query',
  'unit_test',
] as const;

export type SelectorMethodName = (typeof SELECTOR_METHODS)[number];

/** dbt methods that need state chatsem does not keep (yet); named separately so the error says so. */
const UNSUPPORTED_DBT_METHODS: Record<string, string> = {
  state: 'it needs a previous manifest (--state), which chatsem does not support yet',
  result: 'it needs previous run results (--state); use `chatsem retry` to re-run failed nodes',
  source_status: 'it needs previous freshness results (--state), which chatsem does not support yet',
  version: 'chatsem has no model versions',
  wildcard: 'it is internal to dbt',
};

/** One parsed `[@][n+]method:value[+n]` term. */
export interface SelectionCriteria {
  raw: string;
  method: SelectorMethodName;
  /** `config.materialized` → `['materialized']`. */
  methodArguments: string[];
  value: string;
  childrensParents: boolean;
  parents: boolean;
  /** undefined = unlimited. */
  parentsDepth: number | undefined;
  children: boolean;
  childrenDepth: number | undefined;
}

// dbt's RAW_SELECTOR_PATTERN (core/dbt/graph/selector_spec.py).
const RAW_SELECTOR = /^(@)?(?:(\d*)\+)?(?:([\w.]+):)?(.*?)(?:\+(\d*))?$/s;

export function parseSelectionCriteria(raw: string): SelectionCriteria {
  const match = RAW_SELECTOR.exec(raw);
  if (!match) throw invalid(raw, 'it does not have the form [@][n+]method:value[+n]');
  const [, at, parentsDepth, methodText, value = '', childrenDepth] = match;
  if (value === '') throw invalid(raw, 'it has no value after the method and graph operators');
  const childrensParents = at !== undefined;
  const parents = parentsDepth !== undefined;
  if (childrensParents && parents) throw invalid(raw, 'the "@" prefix and the "+" prefix cannot be combined');

  let method: SelectorMethodName;
  let methodArguments: string[] = [];
  if (methodText === undefined) {
    method = defaultMethod(value);
  } else {
    const [name = '', ...args] = methodText.split('.');
    if (!(SELECTOR_METHODS as readonly string[]).includes(name)) {
      const reason = UNSUPPORTED_DBT_METHODS[name];
      throw invalid(
        raw,
        reason ? `the "${name}" method is not supported: ${reason}` : `"${name}" is not a selector method`,
        `Valid methods: ${SELECTOR_METHODS.join(', ')}.`,
      );
    }
    method = name as SelectorMethodName;
    methodArguments = args;
    if (method === 'config' && args.length === 0) {
      throw invalid(raw, 'the config method needs a key', 'Write it as config.<key>:<value>, e.g. config.materialized:incremental.');
    }
    if (method !== 'config' && args.length > 0) {
      throw invalid(raw, `only the config method takes a dotted key, not "${name}"`);
    }
  }
  return {
    raw,
    method,
    methodArguments,
    value,
    childrensParents,
    parents,
    parentsDepth: depthOf(parentsDepth),
    children: childrenDepth !== undefined,
    childrenDepth: depthOf(childrenDepth),
  };
}

/** dbt's `SelectionCriteria.default_method`: a path when it has a slash, a file when it names one, else an fqn. */
function defaultMethod(value: string): SelectorMethodName {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

function depthOf(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number.parseInt(text, 10);
}

export function invalid(raw: string, why: string, hint?: string): ChatsemError {
  return new ChatsemError(`Invalid selector "${raw}": ${why}`, {
    exitCode: 2,
    hint: hint ?? 'See https://docs.getdbt.com/reference/node-selection/syntax for the selector syntax.',
  });
}
