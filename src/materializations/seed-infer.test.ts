import { describe, expect, it } from 'vitest';
import { inferType } from './seed-infer.js';

describe('seed type inference', () => {
  it.each([
    [['1', '-2', '0', '2147483647', '-2147483648'], 'integer'],
    [['1', '2147483648'], 'bigint'],
    [['-9223372036854775808', '9223372036854775807'], 'bigint'],
    [['9223372036854775808'], 'text'],
    [['12345678901234567890123'], 'text'],
    [['1.5', '2', '-0.25', '0.0'], 'numeric'],
    [['true', 'FALSE', 'True'], 'boolean'],
    [['2024-02-29', '2000-01-01'], 'date'],
    [['2024-01-31', '2024-01-31 10:00', '2024-01-31T10:00:00.123456'], 'timestamp'],
    [['2024-01-31T10:00:00Z', '2024-01-31 10:00:00+02:00', '2024-01-31 10:00-0530'], 'timestamp with time zone'],
    [['', '', ''], 'text'],
    [['', '7'], 'integer'],
  ])('%j → %s', (values, expected) => {
    expect(inferType(values)).toBe(expected);
  });

  it.each([
    ['leading zeros', ['00123', '1']],
    ['zero-padded decimal', ['01.5']],
    ['underscored code', ['29051_00040']],
    ['exponent', ['1e5']],
    ['explicit plus', ['+5']],
    ['surrounding space', [' 12']],
    ['trailing dot', ['1.']],
    ['bare fraction', ['.5']],
    ['weekday', ['SAT']],
    ['yes/no', ['yes', 'no']],
    ['t/f', ['t', 'f']],
    ['impossible date', ['2023-02-29']],
    ['month 13', ['2024-13-01']],
    ['year zero', ['0000-01-01']],
    ['hour 24', ['2024-01-01 24:00']],
    ['seven fraction digits', ['2024-01-01 10:00:00.1234567']],
    ['US date', ['01/31/2024']],
    ['date mixed with a zoned timestamp', ['2024-01-01', '2024-01-01T00:00Z']],
    ['number mixed with a date', ['1', '2024-01-01']],
    ['boolean mixed with a number', ['true', '1']],
  ])('%s stays text', (_label, values) => {
    expect(inferType(values)).toBe('text');
  });
});
