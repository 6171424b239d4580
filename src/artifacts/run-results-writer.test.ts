import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatsemError } from '../core/index.js';
import type { NodeResult } from '../runner/index.js';
import { makeTempDir } from '../test-support/databases.js';
import {
  REDACTED,
  RUN_RESULTS_SCHEMA,
  RunResultsWriter,
  SOURCES_SCHEMA,
  readRunResults,
  redactArgs,
  writeRunResults,
  writeSources,
  type RunNodeResult,
} from './index.js';

// Compile-time guard: the runner's result type must stay writable by the artifacts (typecheck fails otherwise).
const runnerResultsFit = (result: NodeResult): RunNodeResult => result;
void runnerResultsFit;

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

const startedAt = new Date('2024-05-01T12:00:00.000Z');

function result(id: string, status: RunNodeResult['status'], extra: Partial<RunNodeResult> = {}): RunNodeResult {
  return {
    unique_id: id,
    status,
    message: status === 'success' ? 'SELECT 5' : null,
    failures: null,
    execution_time: 0.25,
    thread_id: 'Thread-1',
    timing: [
      { name: 'compile', started_at: '2024-05-01T12:00:00.100Z', completed_at: '2024-05-01T12:00:00.110Z' },
      { name: 'execute', started_at: '2024-05-01T12:00:00.110Z', completed_at: '2024-05-01T12:00:00.350Z' },
    ],
    adapter_response: status === 'success' ? { _message: 'SELECT 5', code: 'SELECT', rows_affected: 5 } : {},
    compiled_code: 'select 1',
    relation_name: '"analytics"."a"',
    ...extra,
  };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('writeRunResults', () => {
  it("writes dbt's v6 shape", () => {
    writeRunResults(dir.path, {
      invocationId: 'inv-42',
      startedAt,
      generatedAt: new Date('2024-05-01T12:00:02.500Z'),
      chatsemVersion: '1.2.3',
      args: { command: 'run', select: ['tag:nightly'] },
      results: [result('model.p.a', 'success'), result('test.p.t', 'fail', { failures: 3, message: 'Got 3 results, configured to fail if != 0', compiled_code: null })],
    });
    const artifact = readJson(join(dir.path, 'run_results.json'));
    expect(artifact.metadata).toEqual({
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      dbt_version: '1.2.3',
      generated_at: '2024-05-01T12:00:02.500Z',
      invocation_id: 'inv-42',
      invocation_started_at: '2024-05-01T12:00:00.000Z',
      env: {},
    });
    expect(artifact.elapsed_time).toBe(2.5);
    expect(artifact.args).toEqual({ command: 'run', which: 'run', select: ['tag:nightly'] });
    expect(artifact.results[0]).toEqual({
      status: 'success',
      timing: result('x', 'success').timing,
      thread_id: 'Thread-1',
      execution_time: 0.25,
      adapter_response: { _message: 'SELECT 5', code: 'SELECT', rows_affected: 5 },
      message: 'SELECT 5',
      failures: null,
      unique_id: 'model.p.a',
      compiled: true,
      compiled_code: 'select 1',
      relation_name: '"analytics"."a"',
      batch_results: null,
    });
    expect(artifact.results[1]).toMatchObject({ status: 'fail', failures: 3, compiled: false, adapter_response: {} });
  });

  it('never writes secrets in args or messages', () => {
    writeRunResults(dir.path, {
      invocationId: 'inv',
      startedAt,
      args: {
        command: 'run',
        password: 'hunter2',
        profile: { pass: 'hunter2', user: 'alice', apiKey: 'k-123', url: 'postgres://alice:hunter2@db:5432/x' },
        target_url: 'postgresql://bob:s3cr%40t@localhost/db?sslmode=require',
        dsn: "host=db user=alice password='hunter 2' dbname=x",
        vars: ['postgres://carol:pw@h/db'],
        bypass_cache: true,
      },
      results: [result('model.p.a', 'error', { message: 'could not connect to postgres://alice:hunter2@db:5432/x' })],
    });
    const text = readFileSync(join(dir.path, 'run_results.json'), 'utf8');
    expect(text).not.toMatch(/hunter|s3cr|k-123|:pw@/);
    const artifact = JSON.parse(text);
    expect(artifact.args.password).toBe(REDACTED);
    expect(artifact.args.profile).toEqual({ pass: REDACTED, user: 'alice', apiKey: REDACTED, url: `postgres://alice:${REDACTED}@db:5432/x` });
    expect(artifact.args.dsn).toBe(`host=db user=alice password=${REDACTED} dbname=x`);
    expect(artifact.args.bypass_cache).toBe(true);
    expect(artifact.results[0].message).toBe(`could not connect to postgres://alice:${REDACTED}@db:5432/x`);
  });

  it('is written by a RunResultsWriter even when the run throws', () => {
    const writer = new RunResultsWriter(dir.path, { invocationId: 'inv-fail', startedAt, args: { command: 'build' } });
    expect(() => {
      try {
        writer.add(result('model.p.a', 'success'));
        throw new Error('connection lost');
      } finally {
        writer.write();
      }
    }).toThrow('connection lost');
    const artifact = readJson(join(dir.path, 'run_results.json'));
    expect(artifact.results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['model.p.a']);
    expect(artifact.elapsed_time).toBeGreaterThan(0);
  });

  it('keeps a history copy per invocation and prunes to the most recent ones', () => {
    const runs = join(dir.path, 'runs');
    for (let i = 0; i < 5; i++) {
      writeRunResults(dir.path, {
        invocationId: `inv-${i}`,
        startedAt,
        generatedAt: new Date(Date.UTC(2024, 4, 1, 12, 0, i)),
        results: [result(`model.p.m${i}`, 'success')],
        historyLimit: 3,
      });
    }
    const names = readdirSync(runs).sort();
    expect(names).toEqual([
      '2024-05-01T12-00-02.000Z_inv-2.json',
      '2024-05-01T12-00-03.000Z_inv-3.json',
      '2024-05-01T12-00-04.000Z_inv-4.json',
    ]);
    expect(readFileSync(join(runs, names[2]!), 'utf8')).toBe(readFileSync(join(dir.path, 'run_results.json'), 'utf8'));
  });

  it('keeps 50 by default', () => {
    const runs = join(dir.path, 'runs');
    mkdirSync(runs);
    for (let i = 0; i < 55; i++) writeFileSync(join(runs, `2020-01-01T00-00-${String(i).padStart(2, '0')}.000Z_old.json`), '{}');
    writeRunResults(dir.path, { invocationId: 'new', startedAt, results: [] });
    const names = readdirSync(runs).sort();
    expect(names).toHaveLength(50);
    expect(names[names.length - 1]).toMatch(/_new\.json$/);
    expect(names[0]).toBe('2020-01-01T00-00-06.000Z_old.json');
  });
});

describe('readRunResults', () => {
  it('returns null when nothing has run', () => {
    expect(readRunResults(dir.path)).toBeNull();
  });

  it('returns the ids to retry and the previous command', () => {
    writeRunResults(dir.path, {
      invocationId: 'inv',
      startedAt,
      args: { command: 'build' },
      results: [
        result('model.p.ok', 'success'),
        result('model.p.broken', 'error'),
        result('test.p.failing', 'fail'),
        result('test.p.warning', 'warn'),
        result('model.p.downstream', 'skipped'),
        result('test.p.passing', 'pass'),
      ],
    });
    const previous = readRunResults(dir.path)!;
    expect(previous.command).toBe('build');
    expect(previous.retryIds).toEqual(['model.p.broken', 'test.p.failing', 'model.p.downstream']);
    expect(previous.artifact.results).toHaveLength(6);
  });

  it('names a corrupt file in a user error', () => {
    writeFileSync(join(dir.path, 'run_results.json'), '{"results": ');
    expect(() => readRunResults(dir.path)).toThrow(ChatsemError);
    expect(() => readRunResults(dir.path)).toThrow(/run_results\.json cannot be used to retry: it is not valid JSON/);
    writeFileSync(join(dir.path, 'run_results.json'), '{"nodes": {}}');
    expect(() => readRunResults(dir.path)).toThrow(/no "results" list/);
  });
});

describe('writeSources', () => {
  it("writes dbt's sources.json v3 shape, including runtime errors", () => {
    writeSources(dir.path, {
      invocationId: 'inv-f',
      startedAt,
      generatedAt: new Date('2024-05-01T12:00:01.000Z'),
      results: [
        {
          unique_id: 'source.p.rasa.events',
          status: 'warn',
          max_loaded_at: new Date('2024-04-30T00:00:00.000Z'),
          snapshotted_at: '2024-05-01T12:00:00.500Z',
          max_loaded_at_time_ago_in_s: 129600.5,
          criteria: { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 2, period: 'day' }, filter: null },
          execution_time: 0.1,
        },
        {
          unique_id: 'source.p.rasa.sessions',
          status: 'pass',
          max_loaded_at: '2024-05-01T11:00:00.000Z',
          snapshotted_at: null,
          max_loaded_at_time_ago_in_s: 3600,
          criteria: { warn_after: { count: 12, period: 'hour' }, error_after: { count: null, period: null }, filter: 'x > 1' },
        },
        { unique_id: 'source.p.rasa.slots', status: 'runtime error', error: new Error('relation "slots" does not exist') },
      ],
    });
    const artifact = readJson(join(dir.path, 'sources.json'));
    expect(artifact.metadata.dbt_schema_version).toBe(SOURCES_SCHEMA);
    expect(artifact.elapsed_time).toBe(1);
    expect(artifact.results[0]).toEqual({
      unique_id: 'source.p.rasa.events',
      max_loaded_at: '2024-04-30T00:00:00.000Z',
      snapshotted_at: '2024-05-01T12:00:00.500Z',
      max_loaded_at_time_ago_in_s: 129600.5,
      status: 'warn',
      criteria: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 2, period: 'day' }, filter: null },
      adapter_response: {},
      timing: [],
      thread_id: 'Thread-1',
      execution_time: 0.1,
    });
    expect(artifact.results[1].criteria.filter).toBe('x > 1');
    expect(artifact.results[1].snapshotted_at).toBe('2024-05-01T12:00:01.000Z');
    expect(artifact.results[2]).toEqual({ unique_id: 'source.p.rasa.slots', error: 'relation "slots" does not exist', status: 'runtime error' });
  });
});

describe('redactArgs', () => {
  it('masks secret-named keys at any depth and leaves the rest alone', () => {
    expect(redactArgs({ a: { b: [{ secret: 'x', token: 'y', name: 'z' }] }, empty_password: '', passes: 3 })).toEqual({
      a: { b: [{ secret: REDACTED, token: REDACTED, name: 'z' }] },
      empty_password: '',
      passes: 3,
    });
  });
});
