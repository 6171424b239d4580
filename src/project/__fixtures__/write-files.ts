import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ChatsemError, ChatsemErrors, describeError } from '../../core/index.js';

/** Writes `files` (path → contents, `\n`-dedented by the caller) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
}

/** Runs `fn` and returns the described errors it threw (`file:line: message`), failing if it did not throw. */
export async function errorsOf(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ChatsemErrors) return error.errors.map(describeError);
    if (error instanceof ChatsemError) return [describeError(error)];
    throw error;
  }
  throw new Error('expected an error');
}
