/** `load`: raw Rasa events into `<prefix>_event`, one transaction per invocation, idempotent by `_record_hash`. */
import { ChatsemError } from '../../core/index.js';
import { loadEvents, loadFromTrackerStore } from '../../ingest/index.js';
import type { InputFormat, LoadReport } from '../../ingest/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions } from '../options.js';
import type { Output } from '../render/output.js';
import { closeWarehouse, openWarehouse, requirePrefix } from '../warehouse.js';

export const loadCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const global = globalOptions(options);
  const fromStore = options.fromTrackerStore as string | undefined;
  if (positional.length === 0 && !fromStore) {
    throw new ChatsemError('load needs files, directories, - (stdin) or --from-tracker-store <url>', {
      hint: 'e.g. `chatsem load exports/ --vars source_schema_prefix=carbon_bot`',
    });
  }
  const warehouse = await openWarehouse(out, global, adapter);
  try {
    const prefix = requirePrefix(warehouse.vars, 'load');
    const report = fromStore
      ? await loadFromTrackerStore(warehouse.adapter, { url: fromStore, prefix, skipInvalid: Boolean(options.skipInvalid) })
      : await loadEvents(warehouse.adapter, {
          inputs: positional,
          stdin: process.stdin,
          prefix,
          format: String(options.format ?? 'auto') as InputFormat,
          skipInvalid: Boolean(options.skipInvalid),
        });
    printLoadReport(out, report);
    return 0;
  } finally {
    await closeWarehouse(warehouse);
  }
};

export function printLoadReport(out: Output, report: LoadReport): void {
  const seconds = (report.elapsedMs / 1000).toFixed(2);
  out.line(
    `Loaded ${report.schema}: ${report.read} events read, ${report.inserted} new, ${report.alreadyPresent} already present, ${report.rejected} rejected in ${seconds}s`,
    { event: 'load_finished', ...report },
  );
  if (report.recorded) out.line(`Load ${report.loadId} recorded in ${report.schema}._loads (pending until the next \`chatsem run\`)`);
  else out.line('Nothing new: no load was recorded.');
  const tables = Object.entries(report.tables).filter(([, n]) => n > 0);
  if (tables.length > 0) out.line(`Rows written: ${tables.map(([t, n]) => `${t} ${n}`).join(', ')}`);
}
