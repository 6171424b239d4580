/** `debug`: project, profile and connection checks with a verdict per step and overall. */
import { homedir } from 'node:os';
import { ChatsemError, ChatsemErrors, describeError } from '../../core/index.js';
import { createAdapter } from '../../adapters/index.js';
import { loadProject, describeTarget, resolveTarget } from '../../project/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions } from '../options.js';
import { adapterConfig, resolveProjectDir } from '../session.js';
import { chatsemVersion } from '../version.js';

export const debugCommand: CommandHandler = async ({ options, out, adapter }) => {
  const global = globalOptions(options);
  const ok = out.chalk.green('OK found');
  const bad = (text: string): string => out.chalk.red(`ERROR ${text}`);
  out.line(`chatsem version: ${chatsemVersion()}`);
  out.line(`node version: ${process.version}`);
  let failures = 0;

  let projectDir: string;
  try {
    projectDir = resolveProjectDir(global);
    const project = await loadProject(projectDir);
    out.line(`project file [${ok} and valid] ${project.config.root}/${project.config.projectFile}`);
  } catch (error) {
    out.line(`project file [${bad('invalid')}]`);
    out.line(`  ${explain(error)}`);
    return 1;
  }

  let target;
  try {
    const project = await loadProject(projectDir);
    target = resolveTarget({ projectDir, profileName: project.config.profile, target: global.target, profilesDir: global.profilesDir, env: process.env, homeDir: homedir() });
    out.line(`profile [${ok}] ${target.source === 'profiles.yml' ? target.profilesPath : target.source} → target '${target.name}' (${target.type})`);
    out.line(`  ${describeTarget(target)}, schema ${target.schema}, threads ${target.threads}`);
  } catch (error) {
    out.line(`profile [${bad('invalid')}]`);
    out.line(`  ${explain(error)}`);
    return 1;
  }

  try {
    const opened = adapter ?? (await createAdapter(adapterConfig(target)));
    try {
      const version = await opened.serverVersion();
      await opened.query('select 1');
      out.line(`connection [${out.chalk.green('OK connection ok')}] server version ${version}`);
    } finally {
      if (!adapter) await opened.close();
    }
  } catch (error) {
    failures += 1;
    out.line(`connection [${bad('failed')}]`);
    out.line(`  ${explain(error)}`);
  }
  out.line(failures === 0 ? out.chalk.green('All checks passed!') : out.chalk.red(`${failures} check${failures === 1 ? '' : 's'} failed.`));
  return failures === 0 ? 0 : 1;
};

/** Every error of a collection (a profile can have several problems), each with its location and hint. */
function explain(error: unknown): string {
  if (error instanceof ChatsemErrors) return error.errors.map((e) => describeError(e)).join('\n  ');
  if (error instanceof ChatsemError) return describeError(error);
  return error instanceof Error ? error.message : String(error);
}
