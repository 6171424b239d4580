/**
 * PGlite has no COPY sub-protocol; it reads `COPY … FROM '/dev/blob'` from a Blob given with the query. To load
 * inputs larger than memory we cut the stream into Blobs of whole records and run one COPY per Blob; each Blob
 * repeats the header line so `HEADER` (and `HEADER MATCH`) behave as in one COPY.
 */
import { InternalError } from '../../core/index.js';

export interface CopyFromPlan {
  /** The statement with `FROM STDIN` replaced by `FROM '/dev/blob'`. */
  sql: string;
  format: 'text' | 'csv' | 'binary';
  header: boolean;
  quote: number;
  escape: number;
}

const BYTE = (char: string): number => Buffer.from(char, 'utf8')[0] as number;
const NEWLINE = BYTE('\n');
const BACKSLASH = BYTE('\\');

function optionChar(sql: string, name: string, fallback: string): number {
  const match = new RegExp(`\\b${name}\\s+(?:AS\\s+)?E?'((?:[^']|'')+)'`, 'i').exec(sql);
  const value = match ? (match[1] as string).replace(/''/g, "'") : fallback;
  return BYTE(value === '\\\\' ? '\\' : value);
}

export function planCopyFrom(copySql: string): CopyFromPlan {
  const stdin = /\bFROM\s+STDIN\b/i;
  if (!stdin.test(copySql)) throw new InternalError(`copyFrom expects "COPY … FROM STDIN", got: ${copySql}`);
  const sql = copySql.replace(stdin, "FROM '/dev/blob'");
  const options = sql.slice(sql.search(/'\/dev\/blob'/) + 11);
  const formatMatch = /\bFORMAT\s+'?(\w+)'?/i.exec(options);
  const format = formatMatch
    ? ((formatMatch[1] as string).toLowerCase() as CopyFromPlan['format'])
    : /\b(CSV)\b/i.test(options)
      ? 'csv'
      : /\bBINARY\b/i.test(options)
        ? 'binary'
        : 'text';
  const headerMatch = /\bHEADER\b\s*('?\w+'?)?/i.exec(options);
  const headerValue = headerMatch?.[1]?.replace(/'/g, '').toLowerCase();
  const header = !!headerMatch && !['false', 'off', '0'].includes(headerValue ?? '');
  const quote = optionChar(options, 'QUOTE', '"');
  const escape = optionChar(options, 'ESCAPE', String.fromCharCode(quote));
  return { sql, format, header, quote, escape };
}

/** Tracks where records end across chunk boundaries: quotes in CSV, backslash escapes in text format. */
class RecordBoundaries {
  #inQuote = false;
  #escaped = false;
  readonly #plan: CopyFromPlan;

  constructor(plan: CopyFromPlan) {
    this.#plan = plan;
  }

  /** Offsets just after each record's final newline in `bytes`, continuing the state of previous calls. */
  ends(bytes: Buffer, limit = Infinity): number[] {
    const ends: number[] = [];
    const csv = this.#plan.format === 'csv';
    const { quote, escape } = this.#plan;
    for (let i = 0; i < bytes.length && ends.length < limit; i++) {
      const byte = bytes[i] as number;
      if (this.#escaped) {
        this.#escaped = false;
      } else if (csv) {
        if (this.#inQuote && escape !== quote && byte === escape) this.#escaped = true;
        else if (byte === quote) this.#inQuote = !this.#inQuote;
        else if (byte === NEWLINE && !this.#inQuote) ends.push(i + 1);
      } else if (byte === BACKSLASH) {
        this.#escaped = true;
      } else if (byte === NEWLINE) {
        ends.push(i + 1);
      }
    }
    return ends;
  }
}

function toBuffer(piece: string | Buffer | Uint8Array): Buffer {
  return typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
}

/**
 * Regroup an input stream into chunks of whole records of about `chunkBytes` (a longer single record makes a
 * longer chunk). With a header, every chunk starts with it.
 */
export async function* chunkCopyInput(
  source: AsyncIterable<string | Buffer | Uint8Array> | Iterable<string | Buffer | Uint8Array>,
  plan: CopyFromPlan,
  chunkBytes: number,
): AsyncGenerator<Buffer> {
  if (plan.format === 'binary') {
    // Binary COPY has one file header and no record separator we could cut at: send it whole.
    const parts: Buffer[] = [];
    for await (const piece of source) parts.push(toBuffer(piece));
    yield Buffer.concat(parts);
    return;
  }
  const boundaries = new RecordBoundaries(plan);
  let header: Buffer | null = null;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lastEnd = -1;
  for await (const piece of source) {
    let bytes = toBuffer(piece);
    if (plan.header && header === null) {
      const previous = Buffer.concat([...pending, bytes]);
      const [end] = boundaries.ends(bytes, 1).map((offset) => offset + previous.length - bytes.length);
      if (end === undefined) {
        pending = [previous];
        pendingBytes = previous.length;
        continue;
      }
      header = previous.subarray(0, end);
      bytes = previous.subarray(end);
      pending = [];
      pendingBytes = 0;
    }
    const ends = boundaries.ends(bytes);
    if (ends.length > 0) lastEnd = pendingBytes + (ends[ends.length - 1] as number);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= chunkBytes && lastEnd > 0) {
      const all = Buffer.concat(pending);
      yield header ? Buffer.concat([header, all.subarray(0, lastEnd)]) : all.subarray(0, lastEnd);
      const rest = all.subarray(lastEnd);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      lastEnd = -1;
    }
  }
  if (plan.header && header === null) {
    // Input shorter than one header line: let COPY judge it.
    if (pendingBytes > 0) yield Buffer.concat(pending);
    return;
  }
  if (pendingBytes > 0) {
    const all = Buffer.concat(pending);
    yield header ? Buffer.concat([header, all]) : all;
  }
}
