/**
 * target/run/<package>/<path>: the statements each node executed, written without stopping the run. Replacing the
 * previous run's file makes the file system free its blocks, which took longer than everything else chatsem does
 * for a view (about a millisecond per file on ext4 with `discard`), so the writes go to libuv's thread pool while
 * the next nodes run; `settle()` waits for them before run_results.json is written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ManifestNode } from '../core/index.js';
import { targetWritePath } from './compiled-files.js';

export class RunFileWriter {
  readonly #targetDir: string;
  readonly #projectName: string;
  readonly #directories = new Map<string, Promise<unknown>>();
  /** The last write of each file, so a node written twice (never in one invocation today) keeps the later SQL. */
  readonly #files = new Map<string, Promise<void>>();
  readonly #failures: { file: string; error: unknown }[] = [];

  constructor(targetDir: string, projectName: string) {
    this.#targetDir = targetDir;
    this.#projectName = projectName;
  }

  write(node: ManifestNode, sql: string): void {
    const file = join(this.#targetDir, 'run', node.package_name || this.#projectName, targetWritePath(node));
    const directory = dirname(file);
    let made = this.#directories.get(directory);
    if (!made) {
      made = mkdir(directory, { recursive: true });
      this.#directories.set(directory, made);
    }
    const previous = this.#files.get(file) ?? Promise.resolve();
    const written = Promise.all([made, previous])
      .then(() => writeFile(file, sql))
      .catch((error: unknown) => {
        this.#failures.push({ file, error });
      });
    this.#files.set(file, written);
  }

  /** Waits for every write asked for; returns the files that could not be written, with why. */
  async settle(): Promise<{ file: string; message: string }[]> {
    await Promise.all(this.#files.values());
    return this.#failures.map(({ file, error }) => ({ file, message: error instanceof Error ? error.message : String(error) }));
  }
}
