/**
 * Column types as dlt infers them from JSON values: text, bigint, double precision, boolean, and timestamp for
 * the event time only (ISO strings stay text). A value that does not fit its column's type goes to a variant
 * column `<column>__v_<type>` instead of failing the load, as dlt does.
 */

export type ColumnType = 'text' | 'bigint' | 'double precision' | 'boolean' | 'timestamp';

/** A flattened leaf value. */
export type Scalar = string | number | boolean | bigint;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** 2^63 as a double: integral numbers from float literals (`1e300`, `1.5e19`) beyond it do not fit a bigint. */
const INT64_LIMIT = 9223372036854775808;

function isInt64Number(value: number): boolean {
  return Number.isInteger(value) && value < INT64_LIMIT && value >= -INT64_LIMIT;
}

/**
 * JSON.parse turns Rasa's `1.0` into `1`, losing dlt's int/float distinction. Keys that are floats by nature are
 * typed double from their first value, so a confidence of exactly 1 does not create a bigint column that every
 * later 0.97 would have to bypass through a variant.
 */
function isFloatByName(column: string): boolean {
  return /(^|_)(confidence|score|confidence_entity|sentiment)$/.test(column);
}

export function inferType(column: string, value: Scalar): ColumnType {
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return value >= INT64_MIN && value <= INT64_MAX ? 'bigint' : 'text';
    default:
      return isInt64Number(value) && !isFloatByName(column) ? 'bigint' : 'double precision';
  }
}

/** Whether `value` can be written to a column of `type` (text takes anything, double takes integers). */
export function fits(type: ColumnType, value: Scalar): boolean {
  switch (type) {
    case 'text':
      return true;
    case 'boolean':
      return typeof value === 'boolean';
    case 'double precision':
      return typeof value === 'number' || (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX);
    case 'bigint':
      return (typeof value === 'number' && isInt64Number(value)) || (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX);
    case 'timestamp':
      return typeof value === 'string';
  }
}

/** `fits` for the values of nearly every row (text, booleans, numbers); rarer cases go to `fits`. */
export function fitsFast(type: ColumnType, value: Scalar): boolean {
  if (type === 'text') return true;
  const kind = typeof value;
  if (type === 'double precision') return kind === 'number' || fits(type, value);
  if (type === 'boolean') return kind === 'boolean';
  return fits(type, value);
}

/** dlt's variant suffixes. */
export function variantSuffix(type: ColumnType): string {
  switch (type) {
    case 'text':
      return 'text';
    case 'bigint':
      return 'bigint';
    case 'double precision':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'timestamp':
      return 'timestamp';
  }
}

/** Maps the catalogue's `format_type()` text back to our types; anything unknown is treated as text. */
export function columnTypeFromCatalog(dataType: string): ColumnType {
  if (dataType === 'bigint' || dataType === 'integer' || dataType === 'smallint') return 'bigint';
  if (dataType === 'double precision' || dataType === 'real' || dataType.startsWith('numeric')) return 'double precision';
  if (dataType === 'boolean') return 'boolean';
  if (dataType.startsWith('timestamp')) return 'timestamp';
  return 'text';
}
