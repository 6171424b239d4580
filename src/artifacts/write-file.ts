import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
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

/** Pieces are gathered up to this many UTF-16 units before a write: few syscalls, no giant string. */
const CHUNK = 1 << 20;

/**
 * Like writeFileAtomic, for contents produced piece by piece by `produce` (tens of megabytes for a large
 * manifest): pieces are written to the temporary file in chunks as they come.
 */
export function writeFileAtomicStreamed(path: string, produce: (write: (text: string) => void) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  let pending = '';
  try {
    produce((text) => {
      pending += text;
      if (pending.length >= CHUNK) {
        writeAll(fd, pending);
        pending = '';
      }
    });
    if (pending.length > 0) writeAll(fd, pending);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
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
