import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatsemError } from '../core/index.js';
import { makeTempDir } from '../test-support/databases.js';
import { scanSeedFile } from './seed-scan.js';

const dir = makeTempDir('chatsem-scan-');
afterAll(() => dir.remove());
let files = 0;

function file(text: string | Buffer): string {
  const path = join(dir.path, `f${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

async function scanError(text: string, delimiter = ','): Promise<ChatsemError> {
  const error = await scanSeedFile(file(text), 'seeds/x.csv', delimiter).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ChatsemError);
  return error as ChatsemError;
}

describe('scanSeedFile', () => {
  it('agrees with csv-parse on row counts for tricky but valid files', async () => {
    const samples = [
      'a,b\n1,2\n3,4\n',
      'a,b\r\n1,2\r\n3,4',
      '\ufeffa,b\n"x,y","multi\nline"\n"",""\n,\n',
      'a,b\n"he said ""hi""",2\n"\r\n",3\n',
      '"a\nb",c\n1,2\n',
      'only\n\n\nx\n',
    ];
    for (const sample of samples) {
      const scan = await scanSeedFile(file(sample), 'x.csv', ',');
      const records = parse(sample, { bom: true, skip_empty_lines: false, relax_column_count: true }) as string[][];
      expect({ sample, header: scan.header, rows: scan.rows }).toEqual({ sample, header: records[0], rows: records.length - 1 });
    }
  });

  it('reads records that cross the 1 MB read chunks, and reports where the data ends', async () => {
    const row = `1,"${'x'.repeat(100)}\n${'y'.repeat(100)}"\n`;
    const count = 12_000; // ~2.4 MB, so records straddle chunk boundaries
    const text = `id,note\n${row.repeat(count)}\n\n`;
    const scan = await scanSeedFile(file(text), 'x.csv', ',');
    expect(scan.rows).toBe(count);
    expect(scan.types).toEqual(['integer', 'text']);
    expect(scan.dataEnd).toBe(Buffer.byteLength(text) - 2);
  });

  it('scans only a prefix when asked, without classifying a value cut in half', async () => {
    const text = `d\n${'2024-01-01\n'.repeat(1000)}`;
    const prefix = await scanSeedFile(file(text), 'x.csv', ',', 105);
    expect(prefix).toMatchObject({ complete: false, rows: 9, types: ['date'] });
    expect(await scanSeedFile(file(text), 'x.csv', ',', 1 << 20)).toMatchObject({ complete: true, rows: 1000 });
  });

  it('names the line of a ragged row, counting quoted newlines', async () => {
    const error = await scanError('a,b\n"1\n2",3\n4\n');
    expect(error.location).toEqual({ file: 'seeds/x.csv', line: 4 });
    expect(error.message).toBe('this row has 1 value but the header has 2 columns');
  });

  it('rejects unclosed quotes, stray quotes and text after a closing quote', async () => {
    expect((await scanError('a,b\n1,"open\n2,3\n')).message).toBe('a quoted value is never closed');
    expect((await scanError('a,b\n1,x"y\n')).message).toContain('a `"` inside a value');
    expect((await scanError('a,b\n1,"x"y\n')).message).toBe('unexpected text after a closing quote');
  });

  it('uses the configured delimiter', async () => {
    const scan = await scanSeedFile(file('a\tb\n1\t2024-01-01\n'), 'x.csv', '\t');
    expect(scan).toMatchObject({ header: ['a', 'b'], rows: 1, types: ['integer', 'date'] });
  });

  it('rejects an empty file', async () => {
    expect((await scanError('')).message).toBe('the file is empty');
  });
});
