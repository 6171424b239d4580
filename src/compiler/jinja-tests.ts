/** Jinja tests (`x is none`, `x is not mapping` …) that nunjucks lacks or defines differently. */
import { isPlainObject, isStringLike } from './python-methods.js';

const isMapping = (value: unknown): boolean => isPlainObject(value) || value instanceof Map;

export const JINJA_TESTS: Record<string, (value: unknown, ...args: unknown[]) => boolean> = {
  none: (value) => value === null,
  None: (value) => value === null,
  string: (value) => isStringLike(value),
  number: (value) => typeof value === 'number',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number' && !Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  mapping: isMapping,
  iterable: (value) =>
    isStringLike(value) || Array.isArray(value) || isMapping(value) || (value !== null && typeof value === 'object' && Symbol.iterator in value),
  sequence: (value) => isStringLike(value) || Array.isArray(value),
  defined: (value) => value !== undefined,
  undefined: (value) => value === undefined,
  true: (value) => value === true,
  false: (value) => value === false,
  callable: (value) => typeof value === 'function',
  in: (value, container) => {
    if (Array.isArray(container)) return container.includes(value);
    if (isStringLike(container)) return String(container).includes(String(value));
    if (container && typeof container === 'object') return Object.prototype.hasOwnProperty.call(container, String(value));
    return false;
  },
  lower: (value) => isStringLike(value) && String(value) === String(value).toLowerCase(),
  upper: (value) => isStringLike(value) && String(value) === String(value).toUpperCase(),
};
