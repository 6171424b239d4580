import { dirname, resolve } from 'node:path';
import { projectFileIn } from './project-file.js';

/** Walks up from `start` to the first directory holding project.yaml or dbt_project.yml (as dbt does). */
export function findProjectDir(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    if (projectFileIn(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
