/**
 * The CPU side of a load: validates, hashes and unpacks every item into COPY text for the raw tables and sends
 * the DDL and COPY operations to a sink. It never touches the database, so it runs in the loading thread or,
 * for big inputs, in a worker thread (load-worker.ts) while the main thread streams the COPY data.
 */
import { ChatsemError, quoteIdentifier } from '../core/index.js';
import { escapeCopyText } from './copy-text.js';
import { EventFlattener } from './flatten-event.js';
import type { OpSink, ProducerSummary } from './load-ops.js';
import type { InputItem, InputRejection } from './load-types.js';
import { EventPreparer } from './prepare-event.js';
import { REJECTED_COLUMNS, REJECTED_TABLE, qualified } from './raw-schema.js';
import type { ColumnType } from './column-types.js';
import { RawTables } from './raw-tables.js';
import { TableWriter, type WriteMode } from './table-writer.js';

/** Everything the producer needs to know about the load; plain data, so it can be posted to a worker. */
export interface ProducerConfig {
  schema: string;
  loadId: string;
  mode: WriteMode;
  /** Tables already in the raw schema with their columns (name, type). */
  existing: [string, [string, ColumnType][]][];
  skipInvalid: boolean;
}

const PROGRESS_EVERY = 10_000;
const REJECTED_FLUSH_CHARS = 4 << 20;

export async function produceLoad(config: ProducerConfig, items: AsyncIterable<InputItem[]>, sink: OpSink): Promise<ProducerSummary> {
  const tables = new RawTables(new Map(config.existing));
  const writer = new TableWriter(sink, config.schema, config.mode);
  const flattener = new EventFlattener(tables);
  const preparer = new EventPreparer(config.loadId);
  const rejected = new RejectedWriter(writer, config.schema, config.loadId);
  let read = 0;
  let valid = 0;
  let source: string | undefined;

  for await (const batch of items) {
    for (const item of batch) {
      read++;
      source = item.source;
      if (item.kind === 'rejected') {
        rejectOrFail(item, config.skipInvalid, rejected);
      } else {
        const prepared = preparer.prepare(item);
        if (typeof prepared === 'string') {
          rejectOrFail({ kind: 'rejected', source: item.source, line: item.line, detail: item.detail, reason: prepared, raw: rawText(item.event) }, config.skipInvalid, rejected);
        } else {
          valid++;
          flattener.flatten(prepared);
        }
      }
      if (read % PROGRESS_EVERY === 0) sink.progress({ phase: 'reading', read, rejected: rejected.count, source });
    }
    for (const table of tables.tables.values()) if (writer.wantsFlush(table)) await writer.maybeFlush(table);
  }

  sink.progress({ phase: 'merging', read, rejected: rejected.count, source });
  writer.flushAll(tables.tables.values());
  rejected.flush();
  return {
    read,
    valid,
    rejected: rejected.count,
    tables: [...tables.tables.values()].map((table) => writer.written(table)),
    inLoadDuplicatesPossible: preparer.inLoadDuplicatesPossible,
    schemaChanged: tables.schemaChanged,
    source,
  };
}

function rejectOrFail(item: InputRejection, skipInvalid: boolean, rejected: RejectedWriter): void {
  if (!skipInvalid) {
    const where = item.detail ? ` (${item.detail})` : '';
    throw new ChatsemError(`${item.source}:${item.line}${where}: ${item.reason}. Nothing was loaded.`, {
      location: { file: item.source, line: item.line },
      hint: 'Fix the input, or pass --skip-invalid to load the valid events and keep the invalid ones in _rejected_events.',
      exitCode: 1,
    });
  }
  rejected.add(item);
}

function rawText(event: unknown): string {
  try {
    return JSON.stringify(event, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)).replace(/\\u0000/g, '\\\\u0000');
  } catch {
    return String(event);
  }
}

/** Rows for `_rejected_events`, written with COPY in the load's transaction, straight to the raw schema. */
class RejectedWriter {
  count = 0;
  private lines: string[] = [];
  private chars = 0;

  constructor(
    private readonly writer: TableWriter,
    private readonly schema: string,
    private readonly loadId: string,
  ) {}

  add(item: InputRejection): void {
    this.count++;
    const where = item.detail ? ` (${item.detail})` : '';
    const line = [this.loadId, escapeCopyText(item.source), String(item.line), escapeCopyText(item.reason + where), escapeCopyText(item.raw)].join('\t');
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars > REJECTED_FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    const bytes = this.chars;
    this.lines = [];
    this.chars = 0;
    const columns = REJECTED_COLUMNS.filter(([name]) => name !== 'inserted_at').map(([name]) => quoteIdentifier(name)).join(', ');
    this.writer.copyLines(`COPY ${qualified(this.schema, REJECTED_TABLE)} (${columns}) FROM STDIN`, lines, bytes);
  }
}
