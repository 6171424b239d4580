/**
 * The chatsem command line: the composition root. Parses arguments (commander), runs the matching command, and maps
 * every outcome to dbt's exit codes — 0 success (warnings allowed), 1 a node failed, 2 usage/compile/connection error.
 */
import { Command, CommanderError, Option } from 'commander';
import type { Adapter } from '../adapters/index.js';
import { ChatsemError, ChatsemErrors, describeError } from '../core/index.js';
import { addGlobalOptions, addRunOptions, addSelectionOptions, globalOptions } from './options.js';
import { Output } from './render/output.js';
import { chatsemVersion } from './version.js';

/** `adapter`: an already open warehouse to use instead of the target's (embedding and in-process tests). */
export type CommandHandler = (args: { positional: string[]; options: Record<string, unknown>; out: Output; adapter?: Adapter }) => Promise<number>;

export interface MainOptions {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Run against this open warehouse (it is not closed); the profile is still read for names and schema. */
  adapter?: Adapter;
}

interface CommandSpec {
  name: string;
  aliases?: string[];
  description: string;
  selection?: boolean;
  run?: boolean;
  configure?: (command: Command) => void;
  load: () => Promise<CommandHandler>;
}

const commands: CommandSpec[] = [
  { name: 'run', description: 'build the selected models', selection: true, run: true, load: async () => (await import('./commands/run.js')).runCommand },
  { name: 'seed', description: 'load CSV seeds into the warehouse', selection: true, run: true, load: async () => (await import('./commands/run.js')).seedCommand },
  {
    name: 'test',
    description: 'run data tests and unit tests',
    selection: true,
    run: true,
    configure: (c) => c.option('--store-failures', 'keep failing rows of every test'),
    load: async () => (await import('./commands/run.js')).testCommand,
  },
  {
    name: 'build',
    description: 'seeds, models, snapshots and tests in DAG order',
    selection: true,
    run: true,
    configure: (c) => c.option('--store-failures', 'keep failing rows of every test'),
    load: async () => (await import('./commands/run.js')).buildCommand,
  },
  { name: 'snapshot', description: 'run snapshots (slowly changing dimensions, type 2)', selection: true, run: true, load: async () => (await import('./commands/run.js')).snapshotCommand },
  {
    name: 'compile',
    description: 'render SQL into target/compiled (prints the SQL of a single selected node)',
    selection: true,
    configure: (c) => c.option('--inline <sql>', 'compile a SQL string in the project context').option('--no-print', 'do not print the compiled SQL'),
    load: async () => (await import('./commands/compile.js')).compileCommand,
  },
  { name: 'parse', description: 'read and validate the project, write target/manifest.json and perf_info.json', load: async () => (await import('./commands/compile.js')).parseCommand },
  {
    name: 'ls',
    aliases: ['list'],
    description: 'list the selected resources',
    selection: true,
    configure: (c) => c.option('--output <format>', 'name | path | json | selector', 'selector').option('--output-keys <keys...>', 'keys of each node with --output json'),
    load: async () => (await import('./commands/ls.js')).lsCommand,
  },
  {
    name: 'show',
    description: 'print rows of a model or of an inline query',
    selection: true,
    configure: (c) =>
      c
        .option('--inline <sql>', 'a query to run in the project context')
        .option('--limit <n>', 'rows to print', '5')
        .addOption(new Option('--output <format>', 'text (a table) or json (one object with the rows, for scripts)').choices(['text', 'json']).default('text')),
    load: async () => (await import('./commands/show.js')).showCommand,
  },
  { name: 'debug', description: 'check the project, the profile and the connection', load: async () => (await import('./commands/debug.js')).debugCommand },
  { name: 'clean', description: 'delete the clean-targets of the project (target/ by default)', load: async () => (await import('./commands/clean.js')).cleanCommand },
  {
    name: 'retry',
    description: 'run again the nodes that failed or were skipped last time (from target/run_results.json)',
    run: true,
    load: async () => (await import('./commands/retry.js')).retryCommand,
  },
  {
    name: 'load',
    description: 'load raw Rasa tracker events (files, directories, - for stdin) into <prefix>_event',
    configure: (c) =>
      c
        .argument('[paths...]', 'files or directories; - reads stdin')
        .option('--format <format>', 'auto | jsonl | json | tracker | botfront', 'auto')
        .option('--skip-invalid', 'store bad events in _rejected_events and load the rest')
        .option('--from-tracker-store <url>', "read a Rasa SQLTrackerStore's events table directly"),
    load: async () => (await import('./commands/load.js')).loadCommand,
  },
  {
    name: 'generate',
    description: 'generate synthetic Rasa conversations (to a file or straight into the warehouse)',
    configure: (c) =>
      c
        .option('--sessions <n>', 'sessions to generate', '200')
        .option('--users <n>', 'distinct users', '50')
        .option('--seed <n>', 'random seed (same seed, same output)', '42')
        .option('--days <n>', 'days the conversations span', '14')
        .option('--loads <k>', 'split the output into K loads', '1')
        .option('--config <file>', 'generator configuration (YAML)')
        .option('--out <file>', 'write JSON Lines here instead of loading'),
    load: async () => (await import('./commands/generate.js')).generateCommand,
  },
  {
    name: 'export',
    description: 'write model contents to files (csv or jsonl), one file per model',
    selection: true,
    configure: (c) => c.option('--format <format>', 'csv | jsonl', 'csv').option('--out <dir>', 'output directory', 'export'),
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'demo',
    description: 'generate a synthetic dataset, load it, seed, run, test and print a summary (embedded warehouse)',
    configure: (c) => c.option('--sessions <n>', 'sessions to generate', '400').option('--users <n>', 'distinct users', '120').option('--seed <n>', 'random seed', '7'),
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
];

export function buildProgram(handlerSink: (handler: Promise<number>) => void, out: () => Output, adapter?: Adapter): Command {
  const program = new Command('chatsem')
    .description('dbt-style SQL transformations for chat analytics, with the Rasa semantic schema built in')
    .version(chatsemVersion(), '-v, --version')
    .showHelpAfterError('(run `chatsem --help` for the list of commands)')
    .exitOverride();

  for (const spec of commands) {
    const command = program.command(spec.name).description(spec.description);
    for (const alias of spec.aliases ?? []) command.alias(alias);
    addGlobalOptions(command);
    if (spec.selection) addSelectionOptions(command);
    if (spec.run) addRunOptions(command);
    spec.configure?.(command);
    command.exitOverride().action((...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const options = cmd.opts();
      const positional = (args.slice(0, -2).flat().filter((a) => typeof a === 'string') as string[]) ?? [];
      const output = out();
      handlerSink(
        (async () => {
          const global = globalOptions(options);
          output.configure(global);
          const handler = await spec.load();
          return handler({ positional, options, out: output, adapter });
        })(),
      );
    });
  }

  const source = program.command('source').description('commands on sources');
  const freshness = source.command('freshness').description('check loaded_at_field of sources against warn_after / error_after');
  addGlobalOptions(freshness);
  addSelectionOptions(freshness);
  freshness.exitOverride().action((...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const options = cmd.opts();
    const positional = (args.slice(0, -2).flat().filter((a) => typeof a === 'string') as string[]) ?? [];
    const output = out();
    handlerSink(
      (async () => {
        output.configure(globalOptions(options));
        const { freshnessCommand } = await import('./commands/freshness.js');
        return freshnessCommand({ positional, options, out: output, adapter });
      })(),
    );
  });
  return program;
}

/** Entry point used by bin/chatsem.js and by the end-to-end tests. Returns the exit code. */
export async function main(argv: string[], streams?: MainOptions): Promise<number> {
  let pending: Promise<number> | null = null;
  const output = new Output({ format: 'text', color: false, quiet: false, logFile: null, stdout: streams?.stdout, stderr: streams?.stderr });
  const program = buildProgram((p) => (pending = p), () => output, streams?.adapter);
  if (streams) {
    // Subcommands copy the output settings when they are created, so each one is configured (usage errors and
    // help of `chatsem run --bad-flag` must reach the caller's streams too).
    const configure = (command: Command): void => {
      command.configureOutput({
        writeOut: (s) => (streams.stdout ?? process.stdout).write(s),
        writeErr: (s) => (streams.stderr ?? process.stderr).write(s),
      });
      for (const sub of command.commands) configure(sub);
    };
    configure(program);
  }
  let debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    if (pending === null) return 0;
    return await pending;
  } catch (error) {
    return reportError(error, output, debug);
  } finally {
    output.flushLog();
    debug = false;
  }
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander already printed the message; help and version exit with 0
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof ChatsemErrors) {
    for (const e of error.errors) output.error(describeError(e));
    output.error(`${error.errors.length} error${error.errors.length === 1 ? '' : 's'} found; nothing was run.`);
    return 2;
  }
  if (error instanceof ChatsemError) {
    output.error(describeError(error));
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  output.error(
    `Internal error: ${err.message}\n` +
      (debug ? `${err.stack ?? ''}\n` : '  (run again with --debug for the stack trace)\n') +
      '  This is a bug in chatsem — please report it with the command you ran.',
  );
  return 2;
}
