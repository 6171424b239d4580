/** `show`: rows of one model (its compiled SQL, run as a query) or of an inline query, printed as a table. */
import { ChatsemError } from '../../core/index.js';
import { warehouseRuntime } from '../../runner/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, parsePositiveInt, selectionOptions } from '../options.js';
import { renderTable } from '../render/table.js';
import { openSession, select } from '../session.js';

export const showCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const session = await openSession(out, { adapter, global: globalOptions(options) });
  try {
    const limit = parsePositiveInt(String(options.limit ?? '5'), '--limit');
    let sql: string;
    let title: string;
    const adapter = await session.adapter();
    const runtime = warehouseRuntime(adapter);
    if (typeof options.inline === 'string') {
      sql = await session.compiler.renderTemplate(options.inline, null, runtime);
      title = 'inline query';
    } else {
      const ids = select(session, selectionOptions(positional, options), { resourceTypes: ['model', 'seed', 'snapshot', 'analysis'] });
      if (ids.length !== 1) {
        throw new ChatsemError(`show needs exactly one node, ${ids.length} selected`, { hint: 'Use --select <model> or --inline "select …".' });
      }
      const node = session.manifest.nodes[ids[0]!]!;
      sql = node.renders_at_runtime ? await session.compiler.renderAtRuntime(node, runtime) : (node.compiled_code ?? '');
      title = node.name;
    }
    const result = await adapter.query(`select * from (${sql.trim().replace(/;\s*$/, '')}) as chatsem_show limit ${limit}`);
    if (options.output === 'json') {
      // dbt's `show --output json` shape; values as the driver returns them (dates as ISO strings).
      out.print(JSON.stringify({ node: title, show: result.rows }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
      return 0;
    }
    out.line(`Previewing ${title}:`);
    out.print(renderTable(result.fields.map((f) => f.name), result.rows));
    return 0;
  } finally {
    await session.close();
  }
};
