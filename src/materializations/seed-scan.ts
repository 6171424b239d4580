/**
 * First pass over a seed CSV: checks its structure (every row as wide as the header, quotes closed) and infers
 * column types, without loading anything. csv-parse reads the header; the body is scanned on raw bytes because
 * csv-parse builds a string per field and would take about three times as long as the COPY that follows.
 * The scanner follows the same RFC 4180 rules as csv-parse and PostgreSQL's CSV COPY.
 */
import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { ChatsemError } from '../core/index.js';
import { ANY_TYPE, typeFromKinds, valueKinds } from './seed-infer.js';
import type { SeedScan } from './seed-types.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Scans records of the body; state survives across chunks so a record may span them. */
class CsvBodyScanner {
  readonly #delimiter: number;
  readonly #columns: number;
  readonly kinds: number[];
  readonly sawValue: boolean[];
  rows = 0;
  /** Line of the next record (1-based; the header is line 1). */
  line = 2;
  blankLine: number | null = null;
  dataEnd = 0;

  constructor(delimiter: number, columns: number, headerEnd: number, headerLines: number) {
    this.#delimiter = delimiter;
    this.#columns = columns;
    this.kinds = new Array<number>(columns).fill(ANY_TYPE);
    this.sawValue = new Array<boolean>(columns).fill(false);
    this.dataEnd = headerEnd;
    this.line = 1 + headerLines;
  }

  /**
   * Scan whole records of `bytes` (which starts at file offset `offset`); returns where the first incomplete
   * record starts. Classifying a value twice (when a record is rescanned with more bytes) changes nothing.
   */
  scan(bytes: Buffer, offset: number, final: boolean): number {
    const length = bytes.length;
    const delimiter = this.#delimiter;
    let pos = 0;
    while (pos < length) {
      const recordStart = pos;
      let column = 0;
      let newlines = 0;
      let blank = false;
      let complete = false;
      for (;;) {
        let end: number;
        if (bytes[pos] === QUOTE) {
          let search = pos + 1;
          let escaped = false;
          let close = -1;
          while (search <= length) {
            const found = bytes.indexOf(QUOTE, search);
            if (found < 0) break;
            if (found + 1 < length && bytes[found + 1] === QUOTE) {
              escaped = true;
              search = found + 2;
              continue;
            }
            if (found + 1 >= length && !final) break;
            close = found;
            break;
          }
          if (close < 0) {
            if (!final) return recordStart;
            throw new ScanError('a quoted value is never closed', this.line, 'Add the closing `"` (write a quote inside a quoted value as `""`).');
          }
          for (let i = pos + 1; i < close; i++) if (bytes[i] === LF) newlines++;
          if (column < this.#columns && close > pos + 1 && this.kinds[column] !== 0) {
            this.sawValue[column] = true;
            this.kinds[column] = escaped ? 0 : (this.kinds[column] as number) & valueKinds(bytes, pos + 1, close);
          }
          end = close + 1;
          const next = bytes[end];
          if (end < length && next !== delimiter && next !== LF && next !== CR) {
            throw new ScanError(
              'unexpected text after a closing quote',
              this.line + newlines,
              'Quote the whole value, and double any `"` inside it (`"5\'11"""`).',
            );
          }
        } else {
          end = pos;
          while (end < length) {
            const byte = bytes[end];
            if (byte === delimiter || byte === LF || byte === CR) break;
            if (byte === QUOTE) {
              throw new ScanError(
                'a `"` inside a value that does not start with a quote',
                this.line,
                'Wrap the value in quotes and double the quote inside it (`"say ""hi"""`).',
              );
            }
            end++;
          }
          if (end >= length && !final) return recordStart;
          if (end === pos && column === 0 && (end >= length || bytes[end] !== delimiter)) blank = true;
          if (column < this.#columns && end > pos && this.kinds[column] !== 0) {
            this.sawValue[column] = true;
            this.kinds[column] = (this.kinds[column] as number) & valueKinds(bytes, pos, end);
          }
        }
        column++;
        pos = end;
        if (pos >= length) {
          complete = true;
          break;
        }
        const separator = bytes[pos];
        if (separator === delimiter) {
          pos++;
          if (pos >= length && !final) return recordStart;
          continue;
        }
        if (separator === CR) {
          if (pos + 1 >= length && !final) return recordStart;
          pos += bytes[pos + 1] === LF ? 2 : 1;
        } else {
          pos++;
        }
        complete = true;
        break;
      }
      if (!complete) return recordStart;
      this.#endRecord(column, blank && this.#columns > 1, offset + pos, newlines);
    }
    return pos;
  }

  #endRecord(columns: number, blank: boolean, endOffset: number, newlines: number): void {
    if (blank) {
      this.blankLine ??= this.line;
      this.line += 1;
      return;
    }
    if (this.blankLine !== null) {
      throw new ScanError('a blank line in the middle of the data', this.blankLine, 'Delete the blank line.');
    }
    if (columns !== this.#columns) {
      const values = `${columns} value${columns === 1 ? '' : 's'}`;
      throw new ScanError(
        `this row has ${values} but the header has ${this.#columns} columns`,
        this.line,
        'Give every row one value per header column; quote values that contain the delimiter.',
      );
    }
    this.rows += 1;
    this.line += 1 + newlines;
    this.dataEnd = endOffset;
  }
}

/** The header record, read by csv-parse; also returns where it ends so the body scan starts after it. */
async function readHeader(filePath: string, delimiter: string): Promise<{ names: string[]; end: number; lines: number } | null> {
  const parser = createReadStream(filePath).pipe(parse({ delimiter, bom: true, to: 1, info: true, relax_column_count: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number; lines: number } }>) {
    parser.destroy();
    return { names: record, end: info.bytes, lines: info.lines };
  }
  return null;
}

/**
 * Scan the file, or only its first `maxBytes` after the header (a quick guess of the types; `complete` tells
 * whether that was the whole file).
 */
export async function scanSeedFile(filePath: string, displayPath: string, delimiter: string, maxBytes = Infinity): Promise<SeedScan & { complete: boolean }> {
  const fail = (message: string, line: number | undefined, hint: string) =>
    new ChatsemError(message, {
      location: { file: displayPath, line },
      hint,
    });
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    header = await readHeader(filePath, delimiter);
  } catch (error) {
    const info = error as { message?: string; lines?: number };
    throw fail(`the header row cannot be read: ${info.message ?? String(error)}`, info.lines ?? 1, 'Fix the first line of the file.');
  }
  if (header === null) throw fail('the file is empty', undefined, 'A seed needs a header row naming its columns.');
  const scanner = new CsvBodyScanner(delimiter.charCodeAt(0), header.names.length, header.end, header.lines);
  let carry: Buffer | null = null;
  let carryOffset = header.end;
  const complete = header.end + maxBytes >= statSync(filePath).size;
  const end = complete ? undefined : header.end + maxBytes - 1;
  try {
    for await (const chunk of createReadStream(filePath, { start: header.end, end, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const consumed = scanner.scan(bytes, carryOffset, false);
      carry = consumed < bytes.length ? bytes.subarray(consumed) : null;
      carryOffset += consumed;
    }
    if (carry && complete) scanner.scan(carry, carryOffset, true);
  } catch (error) {
    if (error instanceof ScanError) throw fail(error.message, error.line, error.hint);
    throw error;
  }
  return {
    header: header.names,
    rows: scanner.rows,
    types: scanner.kinds.map((kinds, index) => typeFromKinds(kinds, scanner.sawValue[index] as boolean)),
    dataEnd: scanner.dataEnd,
    complete,
  };
}
