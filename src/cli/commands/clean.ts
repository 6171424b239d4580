/** `clean`: delete the project's clean-targets (never anything outside the project directory). */
import { existsSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ChatsemError } from '../../core/index.js';
import { loadProject } from '../../project/index.js';
import type { CommandHandler } from '../main.js';
import { globalOptions } from '../options.js';
import { resolveProjectDir } from '../session.js';

export const cleanCommand: CommandHandler = async ({ options, out }) => {
  const root = resolveProjectDir(globalOptions(options));
  const project = await loadProject(root);
  for (const target of project.config.paths.cleanTargets) {
    const path = resolve(root, target);
    const rel = relative(root, path);
    if (rel === '' || rel.startsWith('..')) {
      throw new ChatsemError(`clean-targets entry '${target}' is outside the project directory; refusing to delete it`, {
        location: { file: project.config.projectFile },
      });
    }
    if (existsSync(path)) {
      rmSync(path, { recursive: true, force: true });
      out.line(`Cleaned ${rel}/`);
    } else {
      out.line(`Nothing to clean at ${rel}/`);
    }
  }
  out.line('Finished cleaning all paths.');
  return 0;
};
