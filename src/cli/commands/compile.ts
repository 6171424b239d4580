/** `compile` and `parse`: everything up to SQL, no warehouse needed (unless a node calls run_query). */
import { ChatsemError } from '../../core/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, selectionOptions } from '../options.js';
import { openSession, select } from '../session.js';

export const compileCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const global = globalOptions(options);
  const session = await openSession(out, { adapter, global });
  try {
    if (typeof options.inline === 'string') {
      const sql = await session.compiler.renderTemplate(options.inline, null, null);
      out.print(sql.trim());
      return 0;
    }
    const ids = select(session, selectionOptions(positional, options), { resourceTypes: 'all' });
    const nodes = ids.map((id) => session.manifest.nodes[id]!).filter(Boolean);
    session.writeCompiled(ids);
    const runtimeNodes = nodes.filter((n) => n.renders_at_runtime);
    if (runtimeNodes.length > 0) {
      // These nodes read the warehouse while rendering (run_query, is_incremental …): render them against it now.
      // Imported here: `compile` of a project without run-time nodes never loads the runner or a database driver.
      const { warehouseRuntime } = await import('../../runner/index.js');
      const runtime = warehouseRuntime(await session.adapter());
      for (const node of runtimeNodes) node.compiled_code = await session.compiler.renderAtRuntime(node, runtime);
      session.writeCompiled(runtimeNodes.map((node) => node.unique_id));
    }
    out.line(`Compiled ${nodes.length} node${nodes.length === 1 ? '' : 's'} into ${session.targetDir}/compiled/${session.project.config.name}`);
    const selectedExplicitly = selectionOptions(positional, options).select.length > 0;
    // Tests come along with the model they test (indirect selection); one model selected still prints its SQL.
    const printable = nodes.filter((n) => n.resource_type !== 'test' && n.resource_type !== 'unit_test');
    if (options.print !== false && selectedExplicitly && printable.length === 1) {
      const node = printable[0]!;
      out.line(`Compiled node '${node.name}' is:`);
      out.print(node.compiled_code ?? '');
    }
    return 0;
  } finally {
    await session.close();
  }
};

export const parseCommand: CommandHandler = async ({ options, out, adapter }) => {
  const session = await openSession(out, { adapter, global: globalOptions(options) });
  const t = session.timings;
  out.line(`Parsed ${Object.keys(session.manifest.nodes).length} nodes, ${Object.keys(session.manifest.sources).length} sources, ${Object.keys(session.manifest.macros).length} macros in ${(Number(t.load_all_elapsed ?? 0) || 0).toFixed(2)}s`);
  out.line(`Wrote ${session.targetDir}/manifest.json and perf_info.json`);
  await session.close();
  return 0;
};

export function requireOne<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new ChatsemError(`${what} needs exactly one selected node, got ${items.length}`, { hint: 'Narrow the selection with --select <model name>.' });
  return items[0]!;
}
