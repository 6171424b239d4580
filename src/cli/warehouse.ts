/**
 * For commands that need the warehouse but not the compiled project (`load`, `generate`): read only the project
 * file for the profile name and vars, resolve the target, open the adapter.
 */
import { homedir } from 'node:os';
import type { Adapter } from '../adapters/index.js';
import { createAdapter } from '../adapters/index.js';
import { ChatsemError } from '../core/index.js';
import type { Vars } from '../core/index.js';
import { describeTarget, findProjectDir, loadDotEnv, parseCliVars, readProjectConfig, resolveTarget } from '../project/index.js';
import type { ResolvedTarget } from '../project/index.js';
import type { GlobalOptions } from './options.js';
import type { Output } from './render/output.js';
import { adapterConfig } from './session.js';
import { resolve } from 'node:path';

export interface Warehouse {
  target: ResolvedTarget;
  vars: Vars;
  adapter: Adapter;
  projectDir: string;
  /** False when the caller passed an open adapter: then `closeWarehouse()` leaves it open. */
  owned: boolean;
}

export async function closeWarehouse(warehouse: Warehouse): Promise<void> {
  if (warehouse.owned) await warehouse.adapter.close();
}

export async function openWarehouse(out: Output, global: GlobalOptions, openAdapter?: Adapter): Promise<Warehouse> {
  const projectDir = global.projectDir ? resolve(global.projectDir) : (findProjectDir(process.cwd()) ?? process.cwd());
  const env = loadDotEnv(projectDir, { ...process.env });
  let profileName: string | null = null;
  let projectVars: Vars = {};
  try {
    const config = readProjectConfig(projectDir, env);
    profileName = config.profile;
    projectVars = config.vars;
  } catch {
    // No project here: `load` and `generate` also work in a bare directory (the warehouse goes to ./.chatsem).
  }
  const vars = { ...projectVars, ...parseCliVars(global.vars) };
  const target = resolveTarget({ projectDir, profileName, target: global.target, profilesDir: global.profilesDir, env, homeDir: homedir() });
  if (openAdapter) return { target, vars, adapter: openAdapter, projectDir, owned: false };
  if (target.isDefault) out.line(`No profile configured: using the embedded PGlite warehouse in ${describeTarget(target)}`);
  const adapter = await createAdapter(adapterConfig(target));
  return { target, vars, adapter, projectDir, owned: true };
}

export function requirePrefix(vars: Vars, command: string): string {
  const prefix = vars.source_schema_prefix;
  if (typeof prefix !== 'string' || prefix === '') {
    throw new ChatsemError(`${command} needs the var source_schema_prefix (the raw schema is <prefix>_event)`, {
      hint: `Pass it with --vars source_schema_prefix=<prefix>, e.g. \`chatsem ${command} … --vars source_schema_prefix=carbon_bot\`.`,
    });
  }
  return prefix;
}
