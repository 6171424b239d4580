/** `ls` / `list`: the selected resources as names, paths, selectors or JSON (dbt's `--output`). */
import { ChatsemError } from '../../core/index.js';
import type { GraphMember } from '../../core/index.js';
import type { SelectableResourceType } from '../../graph/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, selectionOptions } from '../options.js';
import { openSession } from '../session.js';
import { selectNodes } from '../../graph/index.js';

export const lsCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const global = globalOptions(options);
  const session = await openSession(out, { adapter, global, writeArtifacts: false });
  const selection = selectionOptions(positional, options);
  const format = String(options.output ?? 'selector');
  if (!['name', 'path', 'json', 'selector'].includes(format)) {
    throw new ChatsemError(`--output must be one of name, path, json, selector (got '${format}')`);
  }
  const ids = selectNodes(session.manifest, session.graph, {
    select: selection.select,
    exclude: selection.exclude,
    resourceTypes: selection.resourceType.length > 0 ? (selection.resourceType as SelectableResourceType[]) : 'all',
    indirectSelection: selection.indirectSelection,
  });
  const members: GraphMember[] = [...ids]
    .map((id): GraphMember | undefined => session.manifest.nodes[id] ?? session.manifest.unit_tests[id] ?? session.manifest.sources[id])
    .filter((m): m is GraphMember => m !== undefined)
    .sort((a, b) => a.unique_id.localeCompare(b.unique_id));
  const keys = options.outputKeys as string[] | undefined;
  const lines = members.map((m) => {
    switch (format) {
      case 'name':
        return m.resource_type === 'source' ? `${(m as { source_name: string }).source_name}.${m.name}` : m.name;
      case 'path':
        return m.original_file_path;
      case 'json': {
        const record = m as unknown as Record<string, unknown>;
        const base = keys?.length ? Object.fromEntries(keys.map((k) => [k, record[k]])) : {
          name: m.name,
          resource_type: m.resource_type,
          package_name: m.package_name,
          original_file_path: m.original_file_path,
          unique_id: m.unique_id,
          alias: 'alias' in m ? m.alias : m.identifier,
          config: m.config,
          tags: m.tags,
          depends_on: 'depends_on' in m ? m.depends_on : { nodes: [], macros: [] },
        };
        return JSON.stringify(base);
      }
      default:
        return m.resource_type === 'source' ? `source:${m.fqn.join('.')}` : m.fqn.join('.');
    }
  });
  if (lines.length === 0) out.line(out.chalk.yellow('[WARNING]: No nodes selected!'), {}, 'warn');
  else out.print(lines.join('\n'));
  return 0;
};
