/**
 * PGlite's files may be opened by one process only: a second process would corrupt them. A lock file in the data
 * directory, created atomically, records who holds it so the refusal can say whom to wait for.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatsemError } from '../../core/index.js';

export const LOCK_FILE_NAME = 'chatsem.lock';

/** Lock files this process holds, removed on exit. */
const held = new Set<string>();

export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, hostname: String(parsed.hostname ?? ''), command: String(parsed.command ?? ''), startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Dead on this host; a holder on another host (shared folder) cannot be checked, so it counts as alive. */
function isStale(holder: LockHolder, path: string): boolean {
  if (holder.hostname !== hostname()) return false;
  // Our own pid in a lock we do not hold: left by an earlier process that had the same pid (common in containers).
  if (holder.pid === process.pid) return !held.has(path);
  return !isAlive(holder.pid);
}

/** A lock file whose contents cannot be read: being written right now when young, else garbage. */
function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ChatsemError(`Could not create the lock file ${path}: ${(error as Error).message}`, {
      hint: 'Check that the PGlite `path` in your profile is a writable folder.',
    });
  }
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), command: process.argv.join(' '), startedAt: new Date().toISOString() };
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Move a stale lock aside; if another process replaced it meanwhile with a live one, put that back.
 * Two processes taking over the same stale lock then race only on `openSync(…, 'wx')`, which one of them wins.
 */
function removeStale(path: string, stale: LockHolder | null): void {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  const replaced = moved !== null && (stale === null || moved.pid !== stale.pid || moved.startedAt !== stale.startedAt);
  if (replaced && !isStale(moved, path)) {
    try {
      linkSync(aside, path);
    } catch {
      // Someone else holds the lock now; our next attempt reports them.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function heldError(dataDir: string, path: string, holder: LockHolder | null, waitedMs: number): ChatsemError {
  const who = holder
    ? `process ${holder.pid} on ${holder.hostname || 'an unknown host'} (\`${holder.command}\`, started ${holder.startedAt})`
    : 'another process';
  const waited = waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)}s` : '';
  return new ChatsemError(`The PGlite database ${dataDir} is in use by ${who}${waited}.`, {
    hint:
      'Only one chatsem process can open a PGlite folder at a time. Wait for that process to finish' +
      (holder ? ` or stop it (kill ${holder.pid})` : '') +
      `, then retry; if you are sure nothing uses the folder, delete ${path}.`,
  });
}

function releaseAllSync(): void {
  for (const path of held) {
    try {
      unlinkSync(path);
    } catch {
      // Nothing to clean.
    }
  }
  held.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Only when no one else handles the signal is the process about to die; otherwise the owner closes the adapter.
  if (process.listenerCount(signal) > 1) return;
  releaseAllSync();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function installExitHandlers(): void {
  if (held.size > 0) return;
  process.on('exit', releaseAllSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function removeExitHandlers(): void {
  if (held.size > 0) return;
  process.removeListener('exit', releaseAllSync);
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

/** Take `chatsem.lock` in `dataDir`, waiting up to `timeoutMs` for a live holder (0 = fail at once). */
export async function acquireDirectoryLock(dataDir: string, timeoutMs = 0): Promise<DirectoryLock> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  const started = Date.now();
  for (;;) {
    if (tryCreate(path)) break;
    const holder = readHolder(path);
    if (holder?.pid === process.pid && held.has(path)) {
      throw new ChatsemError(`The PGlite database ${dataDir} is already open in this process.`, {
        hint: 'Reuse the open adapter, or close it before opening the folder again.',
      });
    }
    if (holder === null && ageMs(path) < 2000) {
      await sleep(50);
      continue;
    }
    if (holder === null || isStale(holder, path)) {
      removeStale(path, holder);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw heldError(dataDir, path, holder, waited);
    await sleep(Math.min(100, timeoutMs - waited));
  }
  installExitHandlers();
  held.add(path);
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      held.delete(path);
      try {
        unlinkSync(path);
      } catch {
        // Already removed (e.g. by a user); nothing to release.
      }
      removeExitHandlers();
    },
  };
}
