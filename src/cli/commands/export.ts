/**
 * `export`: model contents to files, streamed with COPY … TO STDOUT (never buffered in memory), one file per model,
 * CSV with a header row or JSON Lines.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ChatsemError, quoteIdentifier } from '../../core/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, selectionOptions } from '../options.js';
import { openSession, select } from '../session.js';

export const exportCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const format = String(options.format ?? 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new ChatsemError(`--format must be csv or jsonl (got '${format}')`);
  const session = await openSession(out, { adapter, global: globalOptions(options) });
  try {
    const ids = select(session, selectionOptions(positional, options), { resourceTypes: ['model', 'seed', 'snapshot'] });
    const nodes = ids.map((id) => session.manifest.nodes[id]!).filter((n) => n.config.materialized !== 'ephemeral');
    if (nodes.length === 0) {
      out.line(out.chalk.yellow('[WARNING]: Nothing to export: no model, seed or snapshot selected'), {}, 'warn');
      return 0;
    }
    const dir = resolve(String(options.out ?? 'export'));
    mkdirSync(dir, { recursive: true });
    const adapter = await session.adapter();
    let total = 0;
    for (const node of nodes) {
      const relation = `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.alias)}`;
      const file = join(dir, `${node.name}.${format}`);
      // JSON Lines through CSV mode with control-character quote/delimiter: row_to_json never emits raw newlines,
      // so no field is ever quoted and backslashes stay as JSON wrote them (text mode would double them).
      const copy =
        format === 'csv'
          ? `copy (select * from ${relation}) to stdout with (format csv, header true)`
          : `copy (select row_to_json(t)::text from ${relation} t) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
      const sink = createWriteStream(file);
      const rows = await adapter.copyTo(copy, sink);
      sink.end();
      await finished(sink);
      total += rows;
      out.line(`Exported ${rows} row${rows === 1 ? '' : 's'} of ${node.schema}.${node.alias} to ${file}`);
    }
    out.line(`Done. ${nodes.length} file${nodes.length === 1 ? '' : 's'}, ${total} rows in ${dir}`);
    return 0;
  } finally {
    await session.close();
  }
};
