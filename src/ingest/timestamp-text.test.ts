import { describe, expect, it } from 'vitest';
import { timestampText } from './timestamp-text.js';

/** The formatting timestampText replaced: a Date per event. */
function viaDate(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  const whole = Math.floor(micros / 1e6);
  const iso = new Date(whole * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros - whole * 1e6).padStart(6, '0')}`;
}

describe('timestampText', () => {
  it('formats UTC date and time to the microsecond', () => {
    expect(timestampText(1704067894.198635)).toBe('2024-01-01 00:11:34.198635');
    expect(timestampText(0)).toBe('1970-01-01 00:00:00.000000');
    expect(timestampText(86399.9999996)).toBe('1970-01-02 00:00:00.000000');
    expect(timestampText(951868799.000001)).toBe('2000-02-29 23:59:59.000001');
  });

  it('agrees with Date formatting across days, leap years and the year 9999, in any order', () => {
    const samples = [59.9999995, 3599.5, 3600, 43199.999999, 253402300799.999999, 253402300799, 4102444800.5];
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples.push((x / 2 ** 31) * 253402300800, 1.7e9 + (x % 200_000) + (x % 1_000_000) / 1e6);
    }
    for (const seconds of samples) expect(timestampText(seconds), String(seconds)).toBe(viaDate(seconds));
  });
});
