import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes through a temporary file and a rename, so a reader (a docs server, a second chatsem, Ctrl-C halfway) never
 * sees half an artifact.
 */
export function writeFileAtomic(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Writes `contents` unless the file already holds exactly that, so recompiling an unchanged project touches no
 * files (editors and watchers stay quiet). Sizes are compared first; contents only when the sizes agree.
 * Returns whether the file was written.
 */
export function writeIfChanged(path: string, contents: string, createdDirs?: Set<string>): boolean {
  const bytes = Buffer.from(contents, 'utf8');
  const existing = statOrNull(path);
  if (existing && existing.isFile() && existing.size === bytes.length && readFileSync(path).equals(bytes)) return false;
  const dir = dirname(path);
  if (!createdDirs?.has(dir)) {
    mkdirSync(dir, { recursive: true });
    createdDirs?.add(dir);
  }
  writeFileSync(path, bytes);
  return true;
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
