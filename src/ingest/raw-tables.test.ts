import { describe, expect, it } from 'vitest';
import { TableState } from './raw-tables.js';

describe('TableState row buffers', () => {
  it('hands over every row, in order, as UTF-8 lines grouped by width, in Buffers that own their memory', () => {
    const table = new TableState('event_user', 'event', false);
    const expected: { width: number; text: string }[] = [];
    const rows: [string, number][] = [];
    for (let i = 0; i < 15000; i++) rows.push([`row ${i}\tnaïve – 日本語 🙂 ${'x'.repeat(i % 197)}`, i < 12000 ? 7 : 9]);
    rows.splice(10, 0, [`huge\t${'é'.repeat(300_000)}`, 7], [`huger\t${'z'.repeat(1_500_000)}`, 7]);
    rows.push([`last\t${'y'.repeat(600_000)}`, 9], ['tiny', 9]);
    for (const [line, width] of rows) {
      table.append(line, width);
      const last = expected[expected.length - 1];
      if (last && last.width === width) last.text += `${line}\n`;
      else expected.push({ width, text: `${line}\n` });
    }
    expect(table.bufferedRows).toBe(rows.length);
    const segments = table.take();
    expect(segments.map((segment) => segment.width)).toEqual(expected.map((segment) => segment.width));
    for (const [i, segment] of segments.entries()) {
      expect(Buffer.concat(segment.buffers).toString('utf8')).toBe(expected[i]!.text);
      expect(segment.bytes).toBe(Buffer.byteLength(expected[i]!.text));
      expect(segment.rows).toBe(expected[i]!.text.split('\n').length - 1);
      for (const buffer of segment.buffers) expect([buffer.byteOffset, buffer.byteLength]).toEqual([0, buffer.buffer.byteLength]);
    }
    expect(segments[0]!.buffers.length).toBeGreaterThan(1);
    expect(table.take()).toEqual([]);
    expect(table.bufferedBytes).toBe(0);
  });
});
