/**
 * `demo`: the README's first command. On the embedded warehouse of this project: generate synthetic
 * conversations, load them, seed, run the semantic schema, test it, and print what an analyst would look at first.
 */
import { ChatsemError, quoteIdentifier } from '../../core/index.js';
import { loadEventStream } from '../../ingest/index.js';
import { splitIntoLoads } from '../../synth/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions } from '../options.js';
import type { Output } from '../render/output.js';
import { renderTable } from '../render/table.js';
import { openSession, select } from '../session.js';
import type { Session } from '../session.js';
import { closeWarehouse, openWarehouse } from '../warehouse.js';
import { synthConfigFrom } from './generate.js';
import { printLoadReport } from './load.js';
import { runSelected } from './run.js';

const DEMO_PREFIX = 'demo';

export const demoCommand: CommandHandler = async ({ options, out, adapter }) => {
  const global = globalOptions(options);
  if (!global.vars.some((v) => v.includes('source_schema_prefix'))) global.vars = [...global.vars, `source_schema_prefix=${DEMO_PREFIX}`];
  const warehouse = await openWarehouse(out, global, adapter);
  const prefix = String(warehouse.vars.source_schema_prefix);
  try {
    const config = synthConfigFrom(options);
    out.line(`Generating ${config.sessions} synthetic sessions of ${config.users} users (seed ${config.seed}) into ${prefix}_event`);
    for (const events of splitIntoLoads(config, 1)) {
      printLoadReport(out, await loadEventStream(warehouse.adapter, { events, prefix, sourceName: `demo (seed ${config.seed})` }));
    }
    const session = await openSession(out, { global, adapter: warehouse.adapter });
    try {
      if (!session.project.config.loads?.enabled) {
        throw new ChatsemError('demo runs the chat semantic schema package: run it in the chatsem repository (or a copy of its project)', {
          hint: 'cd into the chatsem checkout and run `npx chatsem demo`.',
        });
      }
      const flags = { fullRefresh: false, failFast: false, threads: undefined, empty: false, storeFailures: false };
      const none = { select: [], exclude: [], resourceType: [], indirectSelection: 'eager' as const };
      for (const [verb, types] of [['seed', ['seed']], ['run', ['model']], ['test', ['test', 'unit_test']]] as const) {
        out.line('');
        out.line(out.chalk.bold(`== chatsem ${verb}`));
        const code = await runSelected(verb, session, select(session, none, { resourceTypes: [...types] }), out, flags);
        if (code !== 0) {
          out.error(`demo stopped: \`chatsem ${verb}\` failed (exit code ${code}); see the messages above.`);
          return code;
        }
      }
      await printSummary(out, session, prefix);
      return 0;
    } finally {
      await session.close();
    }
  } finally {
    await closeWarehouse(warehouse);
  }
};

async function printSummary(out: Output, session: Session, prefix: string): Promise<void> {
  const adapter = await session.adapter();
  const views = quoteIdentifier(`${prefix}_views`);
  const totals = await adapter.query<Record<string, unknown>>(`
    select count(*)::int as sessions,
           sum(interactions_count)::int as interactions,
           round(100.0 * sum(case when is_handover then 1 else 0 end) / nullif(count(*), 0), 1) as handoff_rate_pct,
           round(100.0 - 100.0 * sum(case when is_handover then 1 else 0 end) / nullif(count(*), 0), 1) as containment_rate_pct,
           round(100.0 * sum(case when is_bounced then 1 else 0 end) / nullif(count(*), 0), 1) as bounce_rate_pct
      from ${views}.sessions`);
  const fallback = await adapter.query<Record<string, unknown>>(`
    select round(100.0 * sum(nlu_fallback_count) / nullif(sum(interactions_count), 0), 1) as fallback_rate_pct
      from ${views}.sessions`);
  const intents = await adapter.query<Record<string, unknown>>(`
    select intent_name, count(*)::int as messages
      from ${views}.user_messages where intent_name is not null
     group by intent_name order by messages desc, intent_name limit 8`);
  const row = { ...totals.rows[0], ...fallback.rows[0] };
  out.line('');
  out.line(out.chalk.bold('== Summary'));
  out.print(renderTable(Object.keys(row), [row]));
  out.line('Top intents:');
  out.print(renderTable(['intent_name', 'messages'], intents.rows));
  out.line(`Explore further: npx chatsem show --inline "select * from ${prefix}_views.sessions" --vars source_schema_prefix=${prefix}`);
}
