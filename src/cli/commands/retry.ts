/** `retry`: run again what failed or was skipped in the last invocation, with that invocation's command. */
import { ChatsemError } from '../../core/index.js';
import { readRunResults } from '../../artifacts/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions, runFlags } from '../options.js';
import { openSession } from '../session.js';
import { runSelected } from './run.js';

export const retryCommand: CommandHandler = async ({ options, out, adapter }) => {
  const global = globalOptions(options);
  const flags = runFlags(options);
  const session = await openSession(out, { adapter, global, threads: flags.threads, empty: flags.empty });
  try {
    const previous = readRunResults(session.targetDir);
    if (!previous) {
      throw new ChatsemError(`No ${session.targetDir}/run_results.json to retry from`, { hint: 'Run `chatsem run` (or build/test/seed) first.' });
    }
    if (previous.retryIds.length === 0) {
      out.line('Nothing to retry: every node of the last invocation succeeded.');
      return 0;
    }
    const verb = (['run', 'seed', 'test', 'build', 'snapshot'] as const).find((v) => v === previous.command) ?? 'build';
    out.line(`Retrying ${previous.retryIds.length} node${previous.retryIds.length === 1 ? '' : 's'} of the last \`${previous.command ?? 'build'}\``);
    const ids = session.graph.topologicalOrder(previous.retryIds.filter((id) => session.manifest.nodes[id]));
    return await runSelected(verb, session, ids, out, { ...flags, storeFailures: false });
  } finally {
    await session.close();
  }
};
