/**
 * Turns what nunjucks throws into CompilationErrors that name the file, the template line and the node.
 * Syntax errors carry 1-based lines; errors thrown while rendering carry nunjucks' 0-based `lineno`.
 */
import { ChatsemError, CompilationError } from '../core/index.js';
import type { SourceLocation } from '../core/index.js';
import { ReturnSignal } from './signals.js';

interface TemplateErrorLike {
  lineno?: number;
  colno?: number;
  message?: string;
  cause?: unknown;
}

export interface ErrorContext {
  file: string;
  /** "model orders", "macro file", … */
  subject: string;
  node?: string;
  /** Line of the file where the template starts (YAML test definitions, snapshot blocks are already padded). */
  lineOffset?: number;
  /** Location to use when the template gives none (e.g. a YAML test's definition). */
  fallback?: SourceLocation;
  /** Always report `fallback`: the template's lines mean nothing to the user (generic tests). */
  useFallback?: boolean;
}

function cleanMessage(message: string): string {
  return message
    .replace(/^Template render error:\s*/i, '')
    .replace(/^\([^)]*\)\s*/, '')
    .replace(/^\[Line \d+, Column \d+\]\s*/, '')
    .replace(/^Error:\s*/, '')
    .trim();
}

function locate(context: ErrorContext, line: number | undefined, column: number | undefined): SourceLocation {
  if (line === undefined || (context.useFallback && context.fallback)) return context.fallback ?? { file: context.file };
  return { file: context.file, line: line + (context.lineOffset ?? 0), column };
}

/** A syntax error from compiling a template. */
export function syntaxError(error: unknown, context: ErrorContext): CompilationError {
  const e = error as TemplateErrorLike;
  const message = cleanMessage(e.message ?? String(error));
  const atEnd = /end of file/.test(message);
  return new CompilationError(`Syntax error in ${context.subject}: ${message}`, {
    location: locate(context, e.lineno, e.colno),
    node: context.node,
    hint: atEnd ? 'A block tag ({% if %}, {% for %}, {% macro %} …) or a comment is not closed.' : undefined,
    cause: error,
  });
}

/** An error thrown while rendering; ChatsemErrors raised by template functions keep their message and hint. */
export function renderError(error: unknown, context: ErrorContext): ChatsemError {
  const e = error as TemplateErrorLike;
  let inner: unknown = error;
  while (inner && typeof inner === 'object' && (inner as TemplateErrorLike).cause !== undefined && !(inner instanceof ChatsemError)) {
    inner = (inner as TemplateErrorLike).cause;
  }
  const known = typeof e.lineno === 'number' && !(e.lineno === 0 && e.colno === 0);
  const line = known ? e.lineno! + 1 : undefined;
  const column = known && typeof e.colno === 'number' ? e.colno + 1 : undefined;
  if (inner instanceof ChatsemError) {
    const location = inner.location ?? locate(context, line, column);
    return new CompilationError(inner.message, { location, hint: inner.hint, node: inner.node ?? context.node, cause: inner });
  }
  if (inner instanceof ReturnSignal) {
    return new CompilationError(`return() was called outside a macro in ${context.subject}`, { location: locate(context, line, column), node: context.node, hint: 'Use return() only inside {% macro %} … {% endmacro %}.' });
  }
  const message = cleanMessage((inner as TemplateErrorLike)?.message ?? String(inner));
  return new CompilationError(`Error rendering ${context.subject}: ${message}`, {
    location: locate(context, line, column),
    node: context.node,
    cause: error,
  });
}

/** Close names for a did-you-mean hint (edit distance, then prefix/substring matches). */
export function closeNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: [string, number][] = [];
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(wanted.toLowerCase(), candidate.toLowerCase(), maxDistance);
    if (distance <= maxDistance) scored.push([candidate, distance]);
    else if (wanted.length >= 4 && (candidate.includes(wanted) || wanted.includes(candidate))) scored.push([candidate, maxDistance + 1]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([name]) => name);
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous = current;
  }
  return previous[b.length]!;
}

export function didYouMean(wanted: string, candidates: Iterable<string>): string | undefined {
  const close = closeNames(wanted, candidates);
  if (close.length === 0) return undefined;
  return `Did you mean ${close.map((name) => `'${name}'`).join(' or ')}?`;
}

/** 1-based line of the first match of `pattern` in `text`, for errors found outside a render. */
export function lineOf(text: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
