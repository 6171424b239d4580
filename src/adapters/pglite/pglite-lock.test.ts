import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ChatsemError, describeError } from '../../core/index.js';
import { makeTempDir } from '../../test-support/databases.js';
import { createAdapter, LOCK_FILE_NAME, type Adapter } from '../index.js';
import { acquireDirectoryLock } from './pglite-lock.js';

const dirs: { remove: () => void }[] = [];
const children: ChildProcess[] = [];
const adapters: Adapter[] = [];

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) dir.remove();
});

function tempDir(): string {
  const dir = makeTempDir('chatsem-lock-');
  dirs.push(dir);
  return dir.path;
}

async function open(path: string, lockTimeoutMs?: number): Promise<Adapter> {
  const adapter = await createAdapter({ type: 'pglite', path, schema: 'main' }, { lockTimeoutMs });
  adapters.push(adapter);
  return adapter;
}

/** A separate process that takes the lock the way chatsem does and keeps running. */
function spawnHolder(lockPath: string): Promise<ChildProcess> {
  const script = `
    const fs = require('fs'), os = require('os');
    const fd = fs.openSync(${JSON.stringify(lockPath)}, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, hostname: os.hostname(), command: 'chatsem run --select holder', startedAt: new Date().toISOString() }));
    fs.closeSync(fd);
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('PGlite folder lock', () => {
  it('records the holder, refuses a second open in the same process, releases on close and keeps the data', async () => {
    const dir = tempDir();
    const adapter = await open(dir);
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(typeof lock.command).toBe('string');
    expect(Number.isNaN(Date.parse(lock.startedAt))).toBe(false);

    await expect(open(dir)).rejects.toThrow(/already open in this process/);

    await adapter.query('create table kept (x int); insert into kept values (42)');
    await adapter.close();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);

    const again = await open(dir);
    expect((await again.query('select x from kept')).rows).toEqual([{ x: 42 }]);
  });

  it('fails at once naming the live holder, its command and what to do', async () => {
    const dir = tempDir();
    const child = await spawnHolder(join(dir, LOCK_FILE_NAME));
    const error = await open(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChatsemError);
    const text = describeError(error as ChatsemError);
    expect(text).toContain(`process ${child.pid}`);
    expect(text).toContain('chatsem run --select holder');
    expect(text).toContain(`kill ${child.pid}`);
    expect(text).toContain(join(dir, LOCK_FILE_NAME));
  });

  it('waits for a holder that goes away within lockTimeoutMs, then takes its stale lock over', async () => {
    const dir = tempDir();
    const child = await spawnHolder(join(dir, LOCK_FILE_NAME));
    setTimeout(() => child.kill('SIGKILL'), 300);
    // The lock itself, without opening PGlite: only one PGlite folder per test file (each costs seconds).
    const lock = await acquireDirectoryLock(dir, 60_000);
    await exited(child);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    const dead = spawn(process.execPath, ['-e', '']);
    await exited(dead);
    writeFileSync(
      join(dir, LOCK_FILE_NAME),
      JSON.stringify({ pid: dead.pid, hostname: hostname(), command: 'chatsem seed', startedAt: new Date(0).toISOString() }),
    );
    const lock = await acquireDirectoryLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('treats a lock from another host as live', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, LOCK_FILE_NAME),
      JSON.stringify({ pid: 1, hostname: 'some-other-host', command: 'chatsem build', startedAt: new Date().toISOString() }),
    );
    await expect(acquireDirectoryLock(dir)).rejects.toThrow(/in use by process 1 on some-other-host/);
  });
});
