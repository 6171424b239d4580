import { describe, expect, it } from 'vitest';
import { chunkCopyInput, planCopyFrom } from './pglite-copy.js';

async function chunks(text: string, copySql: string, chunkBytes: number, pieceSize = 5): Promise<string[]> {
  const pieces = text.match(new RegExp(`[\\s\\S]{1,${pieceSize}}`, 'g')) ?? [];
  const out: string[] = [];
  for await (const chunk of chunkCopyInput(pieces, planCopyFrom(copySql), chunkBytes)) out.push(chunk.toString('utf8'));
  return out;
}

describe('planCopyFrom', () => {
  it('reads format, header, quote and escape from the COPY options', () => {
    expect(planCopyFrom(`COPY "s"."t" (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, NULL '')`)).toMatchObject({
      sql: `COPY "s"."t" (a, b) FROM '/dev/blob' WITH (FORMAT csv, HEADER true, NULL '')`,
      format: 'csv',
      header: true,
      quote: 0x22,
      escape: 0x22,
    });
    expect(planCopyFrom(`copy t from stdin with (format csv, header false, quote '''', escape '\\')`)).toMatchObject({
      header: false,
      quote: 0x27,
      escape: 0x5c,
    });
    expect(planCopyFrom('copy t from stdin csv header')).toMatchObject({ format: 'csv', header: true });
    expect(planCopyFrom('copy t from stdin')).toMatchObject({ format: 'text', header: false });
    expect(() => planCopyFrom('copy t from program')).toThrow(/FROM STDIN/);
  });
});

describe('chunkCopyInput', () => {
  it('cuts CSV between records, never inside quotes, and repeats the header in every chunk', async () => {
    const text = 'a,b\n1,"x\ny"\n2,"he said ""hi"",\n"\n3,z\n4,w';
    const out = await chunks(text, 'copy t from stdin with (format csv, header true)', 8);
    expect(out.length).toBeGreaterThan(1);
    for (const chunk of out) expect(chunk.startsWith('a,b\n')).toBe(true);
    expect(out.map((chunk) => chunk.slice(4)).join('')).toBe(text.slice(4));
    expect(out).toContain('a,b\n1,"x\ny"\n');
  });

  it('treats a backslash as escaping the next byte in text format', async () => {
    const text = '1\tx\\\ny\n2\tz\n';
    const out = await chunks(text, 'copy t from stdin', 1, 3);
    expect(out).toEqual(['1\tx\\\ny\n', '2\tz\n']);
  });

  it('honours a custom CSV escape character', async () => {
    const text = `1,"a\\"\nb"\n2,c\n`;
    const out = await chunks(text, `copy t from stdin with (format csv, escape '\\')`, 1, 2);
    expect(out).toEqual(['1,"a\\"\nb"\n', '2,c\n']);
  });

  it('yields nothing for a header-only input and keeps the input whole when it fits one chunk', async () => {
    expect(await chunks('a,b\n', 'copy t from stdin with (format csv, header true)', 4)).toEqual([]);
    expect(await chunks('1,2\n3,4', 'copy t from stdin with (format csv)', 1000)).toEqual(['1,2\n3,4']);
  });
});
