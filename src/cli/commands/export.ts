/**
 * `export`: model contents to files, streamed with COPY … TO STDOUT (never buffered by chatsem), one file per model,
 * CSV with a header row or JSON Lines. Every selected relation is checked first, so a model that was never built
 * fails the command before any file is written; each file appears only once complete (written as `.partial`).
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ChatsemError, quoteIdentifier } from '../../core/index.js';
import type { ManifestNode } from '../../core/index.js';
import type { Adapter } from '../../adapters/index.js';
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
    const warehouse = await session.adapter();
    const schemas = [...new Set(nodes.map((n) => n.schema))];
    const existing = new Set((await warehouse.listRelations(schemas)).map((r) => `${r.schema}.${r.name}`));
    const missing = nodes.filter((n) => !existing.has(`${n.schema}.${n.alias}`));
    if (missing.length > 0) throw notBuiltError(missing);

    const dir = resolve(String(options.out ?? 'export'));
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ChatsemError(`cannot create the --out directory ${dir}: ${(error as Error).message}`, { hint: 'Give --out a directory path chatsem may write to.' });
    }
    let total = 0;
    for (const node of nodes) {
      const relation = `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.alias)}`;
      const file = join(dir, `${node.name}.${format}`);
      // JSON Lines through CSV mode with control-character quote/delimiter: row_to_json never emits raw control
      // characters, so no field is ever quoted and backslashes stay as JSON wrote them (text mode would double them).
      // `chatsem_row.*` is the whole row even when the relation has a column named like the alias.
      const copy =
        format === 'csv'
          ? `copy (select * from ${relation}) to stdout with (format csv, header true)`
          : `copy (select row_to_json(chatsem_row.*)::text from ${relation} as chatsem_row) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
      const rows = await writeCopy(warehouse.copyTo.bind(warehouse), copy, file);
      total += rows;
      out.line(`Exported ${rows} row${rows === 1 ? '' : 's'} of ${node.schema}.${node.alias} to ${file}`);
    }
    out.line(`Done. ${nodes.length} file${nodes.length === 1 ? '' : 's'}, ${total} rows in ${dir}`);
    return 0;
  } finally {
    await session.close();
  }
};

async function writeCopy(copyTo: Adapter['copyTo'], copy: string, file: string): Promise<number> {
  const partial = `${file}.partial`;
  const sink = createWriteStream(partial);
  try {
    const rows = await copyTo(copy, sink);
    sink.end();
    await finished(sink);
    renameSync(partial, file);
    return rows;
  } catch (error) {
    sink.destroy();
    rmSync(partial, { force: true });
    // File-system failures (an unwritable --out, a full disk) carry `syscall`; database errors do not.
    if (!(error instanceof ChatsemError) && typeof (error as NodeJS.ErrnoException | undefined)?.syscall === 'string') {
      throw new ChatsemError(`cannot write ${file}: ${(error as Error).message}`, { hint: 'Check that --out names a writable directory.', exitCode: 2 });
    }
    throw error;
  }
}

function notBuiltError(nodes: ManifestNode[]): ChatsemError {
  const names = nodes.map((n) => `${n.resource_type} ${n.name}: ${n.schema}.${n.alias} does not exist in the warehouse`);
  const only = (type: string) => nodes.every((n) => n.resource_type === type);
  const command = only('model') ? 'run' : only('seed') ? 'seed' : only('snapshot') ? 'snapshot' : 'build';
  return new ChatsemError(`Nothing was exported: ${names.join('; ')}`, {
    hint: `Build ${nodes.length === 1 ? 'it' : 'them'} first: chatsem ${command} --select ${nodes.map((n) => n.name).join(' ')}`,
    exitCode: 1,
  });
}
