/** Where in a user's file something went wrong. Paths are relative to the project root when possible. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A problem the user caused and can fix (bad YAML, a missing ref, a SQL error in a model).
 * The CLI prints `message` (plus `hint`) without a stack trace and exits with `exitCode`.
 */
export class ChatsemError extends Error {
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly node?: string;
  /** 2 = usage, compile or connection problem (dbt's convention); 1 = a node failed at run time. */
  readonly exitCode: 1 | 2;

  constructor(
    message: string,
    options: { location?: SourceLocation; hint?: string; node?: string; exitCode?: 1 | 2; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ChatsemError';
    this.location = options.location;
    this.hint = options.hint;
    this.node = options.node;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** A project, properties or profile file is wrong. */
export class ConfigError extends ChatsemError {
  constructor(message: string, location?: SourceLocation, hint?: string) {
    super(message, { location, hint, exitCode: 2 });
    this.name = 'ConfigError';
  }
}

/** Rendering or resolving a node failed. */
export class CompilationError extends ChatsemError {
  constructor(message: string, options: { location?: SourceLocation; hint?: string; node?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'CompilationError';
  }
}

/** The warehouse could not be reached or refused the credentials. */
export class ConnectionError extends ChatsemError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { hint, exitCode: 2, cause });
    this.name = 'ConnectionError';
  }
}

/** The database rejected a statement while running a node. */
export class DatabaseError extends ChatsemError {
  readonly sqlState?: string;
  /** 1-based character position in the statement, as PostgreSQL reports it. */
  readonly position?: number;
  /** The statement that failed, so the runner can map `position` to a line of the compiled file. */
  readonly statement?: string;
  constructor(
    message: string,
    options: { sqlState?: string; position?: number; statement?: string; node?: string; location?: SourceLocation; hint?: string; cause?: unknown } = {},
  ) {
    super(message, { ...options, exitCode: 1 });
    this.name = 'DatabaseError';
    this.sqlState = options.sqlState;
    this.position = options.position;
    this.statement = options.statement;
  }
}

/** A bug in chatsem itself: should never happen whatever the user does. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** Several user errors found in one pass (all compile errors of a project are reported together). */
export class ChatsemErrors extends ChatsemError {
  readonly errors: ChatsemError[];
  constructor(errors: ChatsemError[]) {
    super(`${errors.length} error${errors.length === 1 ? '' : 's'} found`, { exitCode: 2 });
    this.name = 'ChatsemErrors';
    this.errors = errors;
  }
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

/** One-paragraph rendering used by the CLI and by tests: "file:line: message\n  hint". */
export function describeError(error: ChatsemError): string {
  const where = formatLocation(error.location);
  const head = where ? `${where}: ${error.message}` : error.message;
  return error.hint ? `${head}\n  ${error.hint}` : head;
}
