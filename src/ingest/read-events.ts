/**
 * Reads Rasa events from files or stdin in every shape Rasa and its tools export (rasa-events.md §1.1, §3):
 * event-broker JSON Lines (`{"sender_id", **event}` per line, Rasa X exports), a tracker dump
 * (`{"sender_id", "events": […]}`), a Dialogue (`{"name", "events"}`), a JSON array of trackers or of events,
 * and Botfront conversation documents (`[*].tracker.events`). The shape is recognised per record, so mixed
 * files work. `format` says how to split the file (`jsonl`: one record per line; `json`: JSON values however laid
 * out) or narrows the records accepted (`tracker`, `botfront`); `auto` picks JSON Lines when the first line is a
 * whole object. Items come in batches, so the loader awaits once per hundreds of events.
 */
import type { Readable } from 'node:stream';
import { JsonValueScanner, type ScannedValue } from './json-scanner.js';
import type { InputFormat, InputItem } from './load-types.js';
import { describeJson, isPlainObject } from './normalize-event.js';
import { type InputSource, readLines } from './open-inputs.js';
import { parseJson } from './parse-json.js';

/** Raw text kept in `_rejected_events.raw`; beyond this it is cut (a broken multi-megabyte file is not useful whole). */
export const MAX_RAW_CHARS = 1_000_000;

/**
 * Items per batch. Parsed events stay alive until their batch is consumed: in small batches they die young
 * (a scavenge frees them) instead of surviving into the old generation as a chunk's thousands of events did.
 */
const BATCH_ITEMS = 256;

export async function* readEvents(sources: InputSource[], format: InputFormat = 'auto'): AsyncGenerator<InputItem[]> {
  for (const source of sources) yield* readSource(source.name, source.open(), format);
}

export async function* readSource(name: string, stream: Readable, format: InputFormat): AsyncGenerator<InputItem[]> {
  let mode: 'lines' | 'scan' | undefined = format === 'jsonl' ? 'lines' : format === 'auto' ? undefined : 'scan';
  const scanner = new JsonValueScanner();
  const scanned: ScannedValue[] = [];
  const streams = new StreamNames(name);
  let recordIndex = 0;
  for await (const { lines, firstLine } of readLines(stream)) {
    let batch: InputItem[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (batch.length >= BATCH_ITEMS) {
        yield batch;
        batch = [];
      }
      const line = lines[i]!;
      const lineNo = firstLine + i;
      if (mode === undefined) {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed === '\ufeff') continue;
        // JSON Lines when the first record is a whole object on its line; anything else is scanned as JSON.
        mode = trimmed.startsWith('{') && isWholeObject(trimmed) ? 'lines' : 'scan';
      }
      if (mode === 'lines') {
        const trimmed = line.trim();
        if (trimmed !== '') classify(batch, name, lineNo, trimmed, recordIndex++, format, streams);
      } else {
        scanner.push(line, lineNo, scanned);
        for (const value of scanned) fromScanned(batch, name, value, recordIndex++, format, streams);
        scanned.length = 0;
      }
    }
    if (batch.length > 0) yield batch;
  }
  scanner.end(scanned);
  const batch: InputItem[] = [];
  for (const value of scanned) fromScanned(batch, name, value, recordIndex++, format, streams);
  if (batch.length > 0) yield batch;
}

function isWholeObject(text: string): boolean {
  if (!text.endsWith('}')) return false;
  try {
    return isPlainObject(parseJson(text));
  } catch {
    return false;
  }
}

function fromScanned(out: InputItem[], name: string, value: ScannedValue, index: number, format: InputFormat, streams: StreamNames): void {
  if (value.kind === 'junk') out.push({ kind: 'rejected', source: name, line: value.line, detail: '', reason: value.reason, raw: cut(value.text) });
  else classify(out, name, value.line, value.text, index, format, streams);
}

/**
 * The stream of each sender's events in one source, one string per sender: the loader looks streams up per
 * event, and a string it has seen before has its hash cached (a fresh concatenation would be hashed each time).
 */
export class StreamNames {
  private readonly bySender = new Map<string, string>();
  constructor(private readonly source: string) {}

  of(sender: string): string {
    let stream = this.bySender.get(sender);
    if (stream === undefined) {
      stream = `${this.source}\u0000${sender}`;
      // Bounded: past this many senders the names are built each time.
      if (this.bySender.size < 100_000) this.bySender.set(sender, stream);
    }
    return stream;
  }
}

export function classify(out: InputItem[], name: string, line: number, text: string, index: number, format: InputFormat, streams: StreamNames): void {
  const reject = (reason: string): void => {
    out.push({ kind: 'rejected', source: name, line, detail: '', reason, raw: cut(text) });
  };
  let record: unknown;
  try {
    record = parseJson(text);
  } catch (error) {
    return reject(`malformed JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(record)) return reject(`expected a JSON object (an event or a tracker), found ${describeJson(record)}`);
  const plain = !text.includes('\\');
  const tracker = isPlainObject(record.tracker) && Array.isArray(record.tracker.events) ? record.tracker : null;
  if (tracker) {
    // Botfront keeps the conversation id in tracker.sender_id (and _id on the document).
    return trackerEvents(out, name, line, tracker.events as unknown[], tracker.sender_id ?? record.sender_id ?? record._id, `${name}#${index}`, plain);
  }
  if (Array.isArray(record.events) && format !== 'botfront') {
    return trackerEvents(out, name, line, record.events, record.sender_id ?? record.name, `${name}#${index}`, plain);
  }
  if (format === 'tracker' || format === 'botfront') {
    return reject(format === 'tracker' ? 'expected a tracker ({"sender_id", "events": [...]})' : 'expected a Botfront conversation ({"tracker": {"events": [...]}})');
  }
  const sender = senderOf(record.sender_id);
  if (sender === null) {
    return reject(
      'event' in record || 'timestamp' in record
        ? 'event has no "sender_id" (an event-broker message carries the conversation id next to the event)'
        : 'neither a Rasa event (no "event" key) nor a tracker (no "events" list)',
    );
  }
  out.push({ kind: 'event', sender, event: record, source: name, line, detail: '', stream: streams.of(sender), plain });
}

function trackerEvents(out: InputItem[], name: string, line: number, events: unknown[], senderValue: unknown, stream: string, plain: boolean): void {
  const sender = senderOf(senderValue);
  if (sender === null) {
    out.push({ kind: 'rejected', source: name, line, detail: '', reason: 'tracker has no "sender_id"', raw: cut(JSON.stringify(events.slice(0, 3))) });
    return;
  }
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const detail = `events[${i}]`;
    if (isPlainObject(event)) out.push({ kind: 'event', sender, event, source: name, line, detail, stream, plain });
    else out.push({ kind: 'rejected', source: name, line, detail, reason: `expected a JSON object for the event, found ${describeJson(event)}`, raw: cut(describeJson(event)) });
  }
}

function senderOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

export function cut(text: string): string {
  const clean = text.includes('\u0000') ? text.replace(/\u0000/g, '\\u0000') : text;
  return clean.length > MAX_RAW_CHARS ? `${clean.slice(0, MAX_RAW_CHARS)}… [cut at ${MAX_RAW_CHARS} characters]` : clean;
}
