import { describe, expect, it } from 'vitest';
import { eventTableName, fitIdentifier, snakeCase } from './naming.js';

describe('dlt snake_case naming', () => {
  it('normalises keys as dlt does', () => {
    expect(snakeCase('userId')).toBe('user_id');
    expect(snakeCase('HTTPResponse')).toBe('http_response');
    expect(snakeCase('minimum balance')).toBe('minimum_balance');
    expect(snakeCase('3d_model')).toBe('_3d_model');
    expect(snakeCase('a-b+c')).toBe('a_bxc');
    expect(snakeCase('trailing__')).toBe('trailingxx');
    expect(snakeCase('__v')).toBe('_v');
    expect(eventTableName('SessionStarted')).toBe('event_session_started');
  });

  it('fits long names into 63 bytes with a stable hash tail', () => {
    const long = `event_user__parse_data__response_selector__all_retrieval_intents_and_more`;
    const fitted = fitIdentifier(long);
    expect(Buffer.byteLength(fitted)).toBe(63);
    expect(fitted).toBe(fitIdentifier(long));
    expect(fitted).not.toBe(fitIdentifier(`${long}_x`));
  });
});
