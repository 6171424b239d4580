/**
 * Glob matching with Python's semantics, because dbt's selectors use `fnmatch` (a `*` crosses dots and slashes)
 * and `pathlib.Path.glob` (a `*` stays inside one path segment, `**` spans segments).
 */

const cache = new Map<string, RegExp>();

export function hasGlob(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** Python's `fnmatch.fnmatchcase`: `*`, `?`, `[abc]`, `[!abc]`; the whole string must match. */
export function fnmatch(value: string, pattern: string): boolean {
  if (!hasGlob(pattern)) return value === pattern;
  let regex = cache.get(`f:${pattern}`);
  if (!regex) {
    regex = new RegExp(`^${translate(pattern, '.*', '.')}$`, 's');
    cache.set(`f:${pattern}`, regex);
  }
  return regex.test(value);
}

/** `Path.glob` on a relative POSIX path: `*`/`?` never cross `/`, a `**` segment matches any number of segments. */
export function pathGlobMatch(path: string, pattern: string): boolean {
  if (!hasGlob(pattern)) return path === pattern;
  return matchSegments(path.split('/'), 0, pattern.split('/'), 0);
}

function matchSegments(path: string[], p: number, pattern: string[], q: number): boolean {
  if (q === pattern.length) return p === path.length;
  const segment = pattern[q]!;
  if (segment === '**') {
    for (let skip = p; skip <= path.length; skip++) {
      if (matchSegments(path, skip, pattern, q + 1)) return true;
    }
    return false;
  }
  if (p === path.length) return false;
  return segmentMatch(path[p]!, segment) && matchSegments(path, p + 1, pattern, q + 1);
}

function segmentMatch(value: string, pattern: string): boolean {
  if (!hasGlob(pattern)) return value === pattern;
  let regex = cache.get(`p:${pattern}`);
  if (!regex) {
    regex = new RegExp(`^${translate(pattern, '[^/]*', '[^/]')}$`, 's');
    cache.set(`p:${pattern}`, regex);
  }
  return regex.test(value);
}

function translate(pattern: string, star: string, question: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      out += star;
    } else if (char === '?') {
      out += question;
    } else if (char === '[') {
      const close = findClass(pattern, i);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        const negated = body.startsWith('!');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else {
      out += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}

/** Index of the `]` closing the class opened at `open`, as fnmatch reads it (`[]]` and `[!]]` contain `]`). */
function findClass(pattern: string, open: number): number {
  let j = open + 1;
  if (pattern[j] === '!') j++;
  if (pattern[j] === ']') j++;
  const close = pattern.indexOf(']', j);
  return close;
}
