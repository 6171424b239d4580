/**
 * Seed type inference on raw bytes. A column gets a type only if EVERY non-empty value parses cleanly as it, and
 * the rules are conservative: codes such as `00123`, `+5`, `1e5`, ` 12`, `SAT` or `29051_00040` stay text.
 * Each value yields the set of types it fits; a column keeps the intersection, so work stops once it is text.
 */
import type { InferredType } from './seed-types.js';

export const INT4 = 1;
export const INT8 = 2;
export const NUMERIC = 4;
export const BOOL = 8;
export const DATE = 16;
export const TIMESTAMP = 32;
export const TIMESTAMPTZ = 64;
export const ANY_TYPE = INT4 | INT8 | NUMERIC | BOOL | DATE | TIMESTAMP | TIMESTAMPTZ;

const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const COLON = 0x3a;

const INT4_MAX = Buffer.from('2147483647');
const INT4_MIN = Buffer.from('2147483648');
const INT8_MAX = Buffer.from('9223372036854775807');
const INT8_MIN = Buffer.from('9223372036854775808');

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= ZERO && byte <= NINE;
}

/** Compare a run of equally long digit strings as numbers. */
function notAbove(bytes: Uint8Array, start: number, limit: Buffer): boolean {
  for (let i = 0; i < limit.length; i++) {
    const a = bytes[start + i] as number;
    const b = limit[i] as number;
    if (a !== b) return a < b;
  }
  return true;
}

function numberKinds(bytes: Uint8Array, start: number, end: number, negative: boolean): number {
  let i = start;
  while (i < end && isDigit(bytes[i])) i++;
  const digits = i - start;
  // No digits, or a leading zero that would be lost (`007`): not a number.
  if (digits === 0 || (digits > 1 && bytes[start] === ZERO)) return 0;
  if (i === end) {
    if (digits < 10) return INT4 | INT8 | NUMERIC;
    if (digits === 10) return notAbove(bytes, start, negative ? INT4_MIN : INT4_MAX) ? INT4 | INT8 | NUMERIC : INT8 | NUMERIC;
    if (digits < 19) return INT8 | NUMERIC;
    // Longer digit strings are identifiers (card or account numbers) more often than quantities.
    if (digits === 19 && notAbove(bytes, start, negative ? INT8_MIN : INT8_MAX)) return INT8 | NUMERIC;
    return 0;
  }
  if (bytes[i] !== DOT) return 0;
  const fractionStart = ++i;
  while (i < end && isDigit(bytes[i])) i++;
  return i === end && i > fractionStart ? NUMERIC : 0;
}

function twoDigits(bytes: Uint8Array, at: number): number {
  if (!isDigit(bytes[at]) || !isDigit(bytes[at + 1])) return -1;
  return ((bytes[at] as number) - ZERO) * 10 + ((bytes[at + 1] as number) - ZERO);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month] as number;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** `YYYY-MM-DD` → date (also fits a timestamp column); `YYYY-MM-DD[T ]HH:MM[:SS[.ffffff]]` → timestamp; with Z/±HH[:MM] → timestamptz. */
function dateKinds(bytes: Uint8Array, start: number, end: number): number {
  const year = twoDigits(bytes, start) * 100 + twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  if (twoDigits(bytes, start) < 0 || twoDigits(bytes, start + 2) < 0 || bytes[start + 7] !== MINUS) return 0;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 0;
  if (end === start + 10) return DATE | TIMESTAMP;
  const separator = bytes[start + 10];
  if (separator !== 0x54 && separator !== 0x20) return 0;
  let i = start + 11;
  const hour = twoDigits(bytes, i);
  const minute = twoDigits(bytes, i + 3);
  if (hour < 0 || hour > 23 || bytes[i + 2] !== COLON || minute < 0 || minute > 59) return 0;
  i += 5;
  if (bytes[i] === COLON) {
    const second = twoDigits(bytes, i + 1);
    if (second < 0 || second > 59) return 0;
    i += 3;
    if (bytes[i] === DOT) {
      const fractionStart = ++i;
      while (i < end && isDigit(bytes[i])) i++;
      if (i === fractionStart || i - fractionStart > 6) return 0;
    }
  }
  if (i === end) return TIMESTAMP;
  if (bytes[i] === 0x5a && i + 1 === end) return TIMESTAMPTZ;
  if (bytes[i] !== PLUS && bytes[i] !== MINUS) return 0;
  const offsetHours = twoDigits(bytes, i + 1);
  if (offsetHours < 0 || offsetHours > 15) return 0;
  i += 3;
  if (i === end) return TIMESTAMPTZ;
  if (bytes[i] === COLON) i++;
  const offsetMinutes = twoDigits(bytes, i);
  return offsetMinutes >= 0 && offsetMinutes <= 59 && i + 2 === end ? TIMESTAMPTZ : 0;
}

function isBoolean(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 4 && length !== 5) return false;
  let word = '';
  for (let i = start; i < end; i++) word += String.fromCharCode((bytes[i] as number) | 0x20);
  return word === 'true' || word === 'false';
}

/** The types a non-empty value fits (0 = only text). */
export function valueKinds(bytes: Uint8Array, start: number, end: number): number {
  const first = bytes[start] as number;
  const lower = first | 0x20;
  if (lower === 0x74 || lower === 0x66) return isBoolean(bytes, start, end) ? BOOL : 0;
  if (first === MINUS) return numberKinds(bytes, start + 1, end, true);
  if (!isDigit(first)) return 0;
  if (end - start >= 10 && bytes[start + 4] === MINUS) return dateKinds(bytes, start, end);
  return numberKinds(bytes, start, end, false);
}

/** The narrowest type every value fitted; `text` for a column with no values at all. */
export function typeFromKinds(kinds: number, sawValue: boolean): InferredType {
  if (!sawValue) return 'text';
  if (kinds & INT4) return 'integer';
  if (kinds & INT8) return 'bigint';
  if (kinds & NUMERIC) return 'numeric';
  if (kinds & BOOL) return 'boolean';
  if (kinds & DATE) return 'date';
  if (kinds & TIMESTAMP) return 'timestamp';
  if (kinds & TIMESTAMPTZ) return 'timestamp with time zone';
  return 'text';
}

/** Infer the type of a list of string values (tests and callers that already hold values). */
export function inferType(values: string[]): InferredType {
  let kinds = ANY_TYPE;
  let sawValue = false;
  for (const value of values) {
    if (value === '') continue;
    sawValue = true;
    const bytes = Buffer.from(value, 'utf8');
    kinds &= valueKinds(bytes, 0, bytes.length);
  }
  return typeFromKinds(kinds, sawValue);
}
