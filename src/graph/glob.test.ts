import { describe, expect, it } from 'vitest';
import { fnmatch, pathGlobMatch } from './index.js';

describe('fnmatch (Python fnmatchcase)', () => {
  const cases: [string, string, boolean][] = [
    ['stg_events', 'stg_*', true],
    ['staging.stg_events', 'stg_*', false],
    ['staging.stg_events', '*stg_*', true],
    ['a/b.sql', '*.sql', true],
    ['stg_events', 'stg_event?', true],
    ['stg_events', 'stg_event', false],
    ['v1', 'v[0-9]', true],
    ['vx', 'v[!0-9]', true],
    ['v1', 'v[!0-9]', false],
    ['a]', 'a[]]', true],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
    ['(x)', '(*)', true],
    ['Nightly', 'nightly', false],
  ];
  it.each(cases)('%s ~ %s → %s', (value, pattern, expected) => {
    expect(fnmatch(value, pattern)).toBe(expected);
  });
});

describe('pathGlobMatch (pathlib glob on relative paths)', () => {
  const cases: [string, string, boolean][] = [
    ['models/staging', 'models/staging', true],
    ['models/staging/stg.sql', 'models/*/stg.sql', true],
    ['models/a/b/stg.sql', 'models/*/stg.sql', false],
    ['models/a/b/stg.sql', 'models/**/stg.sql', true],
    ['models/stg.sql', 'models/**/stg.sql', true],
    ['models/a/b', 'models/**', true],
    ['models', 'models/**', true],
    ['seeds/x.csv', 'models/**', false],
    ['models/stg_a.sql', 'models/stg_?.sql', true],
  ];
  it.each(cases)('%s ~ %s → %s', (path, pattern, expected) => {
    expect(pathGlobMatch(path, pattern)).toBe(expected);
  });
});
