/** Typed options shared by commands, parsed from commander's loose values in one place. */
import { Option, type Command } from 'commander';
import type { LogFormat } from './render/output.js';

export interface GlobalOptions {
  projectDir: string | undefined;
  profilesDir: string | undefined;
  target: string | undefined;
  vars: string[];
  color: boolean;
  logFormat: LogFormat;
  quiet: boolean;
  debug: boolean;
}

export interface SelectionOptions {
  select: string[];
  exclude: string[];
  resourceType: string[];
  indirectSelection: 'eager' | 'cautious' | 'buildable' | 'empty';
}

export interface RunFlags {
  fullRefresh: boolean;
  failFast: boolean;
  threads: number | undefined;
  empty: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addGlobalOptions(command: Command): Command {
  return command
    .option('--project-dir <dir>', 'project directory (default: the nearest parent with project.yaml or dbt_project.yml)')
    .option('--profiles-dir <dir>', 'directory holding profiles.yml (also CHATSEM_PROFILES_DIR)')
    .option('-t, --target <name>', 'target in profiles.yml')
    .option('--vars <vars>', "vars as YAML ('{key: value}') or key=value[,key=value]; repeatable", collect, [])
    .option('--no-color', 'no colours in the output')
    .addOption(new Option('--log-format <format>', 'console format').choices(['text', 'json', 'default']).default('text'))
    .option('-q, --quiet', 'print only errors and requested output')
    .option('--debug', 'print stack traces of internal errors');
}

export function addSelectionOptions(command: Command): Command {
  return command
    .argument('[selectors...]', 'node selectors (same as --select)')
    .option('-s, --select <selectors...>', 'nodes to include (dbt selector syntax)')
    .option('-m, --models <selectors...>', 'alias of --select')
    .option('--exclude <selectors...>', 'nodes to exclude')
    .option('--resource-type <types...>', 'only these resource types (model, seed, test, snapshot, analysis, source, unit_test)')
    .addOption(new Option('--indirect-selection <mode>', 'how tests are selected through the nodes they test').choices(['eager', 'cautious', 'buildable', 'empty']).default('eager'));
}

export function addRunOptions(command: Command): Command {
  return command
    .option('--full-refresh', 'rebuild incremental models and seeds from scratch')
    .option('-x, --fail-fast', 'stop after the first failure')
    .option('--threads <n>', 'concurrent nodes (PGlite always uses 1)', (v) => parsePositiveInt(v, '--threads'))
    .option('--empty', 'limit refs and sources to zero rows (checks the SQL cheaply)');
}

export function globalOptions(raw: Record<string, unknown>): GlobalOptions {
  const format = raw.logFormat === 'json' ? 'json' : 'text';
  return {
    projectDir: raw.projectDir as string | undefined,
    profilesDir: raw.profilesDir as string | undefined,
    target: raw.target as string | undefined,
    vars: (raw.vars as string[] | undefined) ?? [],
    color: raw.color !== false && format === 'text' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    logFormat: format,
    quiet: Boolean(raw.quiet),
    debug: Boolean(raw.debug),
  };
}

export function selectionOptions(positional: string[] | undefined, raw: Record<string, unknown>): SelectionOptions {
  return {
    select: [...(positional ?? []), ...((raw.select as string[] | undefined) ?? []), ...((raw.models as string[] | undefined) ?? [])],
    exclude: (raw.exclude as string[] | undefined) ?? [],
    resourceType: (raw.resourceType as string[] | undefined) ?? [],
    indirectSelection: (raw.indirectSelection as SelectionOptions['indirectSelection'] | undefined) ?? 'eager',
  };
}

export function runFlags(raw: Record<string, unknown>): RunFlags {
  return {
    fullRefresh: Boolean(raw.fullRefresh),
    failFast: Boolean(raw.failFast),
    threads: raw.threads as number | undefined,
    empty: Boolean(raw.empty),
  };
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive whole number, got '${value}'`);
  return n;
}
