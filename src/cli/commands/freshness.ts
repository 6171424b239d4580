/** `source freshness`: max(loaded_at_field) of each selected source table against warn_after / error_after. */
import { writeSources } from '../../artifacts/index.js';
import { checkFreshness } from '../../testing/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, selectionOptions } from '../options.js';
import { progressLine } from '../render/output.js';
import { openSession } from '../session.js';
import { selectNodes } from '../../graph/index.js';
import { printHeader } from './header.js';

export const freshnessCommand: CommandHandler = async ({ positional, options, out, adapter }) => {
  const session = await openSession(out, { adapter, global: globalOptions(options) });
  try {
    const selection = selectionOptions(positional, options);
    const ids = selectNodes(session.manifest, session.graph, {
      select: selection.select.length > 0 ? selection.select : ['source:*'],
      exclude: selection.exclude,
      resourceTypes: 'all',
      indirectSelection: 'empty',
    });
    const sources = [...ids].map((id) => session.manifest.sources[id]).filter((s) => s && (s.loaded_at_field || s.freshness));
    printHeader(out, session);
    const warehouseAdapter = await session.adapter();
    const results = [];
    let worst = 0;
    for (const [i, source] of sources.entries()) {
      const label = `freshness of ${source!.source_name}.${source!.name}`;
      out.line(progressLine(i + 1, sources.length, `START ${label}`, 'RUN'));
      const started = performance.now();
      const result = await checkFreshness(warehouseAdapter, source!);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const status = result.status === 'pass' ? out.chalk.green('PASS') : result.status === 'warn' ? out.chalk.yellow('WARN') : out.chalk.red('ERROR STALE');
      out.line(progressLine(i + 1, sources.length, `${status} ${label}`, `${status} in ${seconds}s`));
      results.push({ ...result, unique_id: source!.unique_id });
      worst = Math.max(worst, result.status === 'pass' ? 0 : result.status === 'warn' ? 0 : 1);
    }
    writeSources(session.targetDir, { invocationId: session.invocationId, startedAt: session.runStartedAt, results });
    out.line(`Done. ${results.filter((r) => r.status === 'pass').length} fresh, ${results.filter((r) => r.status === 'warn').length} warn, ${results.filter((r) => r.status !== 'pass' && r.status !== 'warn').length} stale or failed, of ${results.length} sources.`);
    return worst;
  } finally {
    await session.close();
  }
};
