import { describe, expect, it } from 'vitest';
import { ChatsemError, describeError } from '../core/index.js';
import { BACKUP_RELATION_SUFFIX, MAX_RELATION_NAME_BYTES, TEMP_RELATION_SUFFIX, checkIdentifierLength } from './index.js';

describe('checkIdentifierLength', () => {
  it('leaves room for the longest temporary suffix within 63 bytes', () => {
    expect(TEMP_RELATION_SUFFIX).toBe('__chatsem_tmp');
    expect(BACKUP_RELATION_SUFFIX).toBe('__chatsem_backup');
    expect(MAX_RELATION_NAME_BYTES).toBe(63 - BACKUP_RELATION_SUFFIX.length);
    expect(() => checkIdentifierLength('a'.repeat(MAX_RELATION_NAME_BYTES))).not.toThrow();
  });

  it('rejects a longer name, counting bytes rather than characters, and says how to fix it', () => {
    const name = 'é'.repeat(24); // 48 bytes, 24 characters
    let caught: unknown;
    try {
      checkIdentifierLength(name, { resource: 'seed', node: 'seed.pkg.x', location: { file: 'seeds/x.csv' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChatsemError);
    const text = describeError(caught as ChatsemError);
    expect(text).toContain(`seed name "${name}" is 48 bytes; PostgreSQL allows 63`);
    expect(text).toContain('seeds/x.csv');
    expect(text).toMatch(/rename the seed or set `alias`/i);
    expect((caught as ChatsemError).node).toBe('seed.pkg.x');
  });
});
