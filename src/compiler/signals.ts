/**
 * Control-flow signals thrown through nunjucks' generated code. They are not errors: each is caught by the
 * engine code that raised the situation (a macro wrapper, the run-time replay loop).
 */

/** `return(value)` inside a macro: the macro evaluates to `value` instead of its text. */
export class ReturnSignal {
  constructor(readonly value: unknown) {}
}

/**
 * A run-time render needs the result of a query that has not run yet. nunjucks globals are synchronous, so the
 * replay loop catches this, runs the SQL, memoises the result and renders again.
 */
export class QuerySignal {
  constructor(
    readonly sql: string,
    readonly kind: 'query' | 'columns',
    readonly relation?: { schema: string; name: string },
  ) {}
}

/** Unwraps the error nunjucks wrapped around something thrown inside a template (TemplateError.cause). */
export function unwrapTemplateCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof ReturnSignal || current instanceof QuerySignal) return current;
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === current) return current;
    current = cause;
  }
  return current;
}
