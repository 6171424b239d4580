import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

let sequence = 0;

/**
 * A temporary name no other writer uses: two invocations in one process (embedding, in-process tests) or a
 * worker thread may write the same artifact at once, and the pid alone would give them the same file.
 */
export function temporaryName(path: string): string {
  return `${path}.${process.pid}.${threadId}.${++sequence}.tmp`;
}

/**
 * Writes through a temporary file and a rename, so a reader (a docs server, a second chatsem, Ctrl-C halfway) never
 * sees half an artifact.
 */
export function writeFileAtomic(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryName(path);
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** Bytes gathered before a write: few syscalls, and never one giant string or Buffer. */
const CHUNK = 1 << 20;

/**
 * Like writeFileAtomic, for contents produced piece by piece by `produce` (tens of megabytes for a large
 * manifest): each piece is encoded straight into a reusable buffer that is written out whenever it is full.
 */
export function writeFileAtomicStreamed(path: string, produce: (write: (text: string) => void) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryName(path);
  const fd = openSync(temporary, 'w');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  try {
    produce((text) => {
      // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
      if (text.length * 3 > CHUNK - used) {
        writeAll(fd, buffer, used);
        used = 0;
        if (text.length * 3 > CHUNK) {
          const bytes = Buffer.from(text, 'utf8');
          writeAll(fd, bytes, bytes.length);
          return;
        }
      }
      used += buffer.write(text, used);
    });
    writeAll(fd, buffer, used);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

function writeAll(fd: number, bytes: Buffer, length: number): void {
  for (let offset = 0; offset < length; ) offset += writeSync(fd, bytes, offset, length - offset);
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
  // Without throwIfNoEntry a missing file costs an exception: thousands of them on a first compile.
  return statSync(path, { throwIfNoEntry: false }) ?? null;
}
