/**
 * Type parsers that make PGlite return the same JavaScript values as node-postgres, so code and tests behave the
 * same on both warehouses: int8 as a string (no silent precision loss), date and timestamp as local-time Dates.
 */
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;

const DATE_TIME = /^(\d{4,})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?( BC)?$/;

function localDate(value: string): Date | string | number {
  if (value === 'infinity') return Infinity;
  if (value === '-infinity') return -Infinity;
  const match = DATE_TIME.exec(value);
  if (!match) return value;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', bc] = match;
  const year = bc ? 1 - Number(y) : Number(y);
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const date = new Date(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  // Date treats years 0–99 as 1900–1999.
  if (year >= 0 && year < 100) date.setFullYear(year);
  return date;
}

export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [INT8]: (value) => value,
  [DATE]: localDate,
  [TIMESTAMP]: localDate,
};
