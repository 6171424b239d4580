/** Turns a database error during a node into dbt's message: node, file, compiled path and the mapped line. */
import { ChatsemError, DatabaseError } from '../core/index.js';
import type { ManifestNode } from '../core/index.js';

export function describeNodeError(error: unknown, node: ManifestNode, compiledSql: string | null): string {
  const kind = node.resource_type === 'test' ? 'test' : node.resource_type;
  const where = `${kind} ${node.name} (${node.original_file_path})`;
  if (error instanceof DatabaseError) {
    let text = `Database Error in ${where}\n${error.message}`;
    // Materializations wrap the driver's error to say what they were doing; the position lives on the cause.
    const line = mapPositionToLine(positionedError(error), compiledSql);
    if (line !== null && node.compiled_path) text += `\n(at line ${line} of ${node.compiled_path})`;
    else if (line !== null) text += `\n(at line ${line} of the compiled SQL)`;
    if (error.hint) text += `\n${error.hint}`;
    return text;
  }
  if (error instanceof ChatsemError) {
    const head = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
    return `Error in ${where}\n${head}${error.message}${error.hint ? `\n${error.hint}` : ''}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Error in ${where}\n${message}`;
}

/** The first error of the `cause` chain that carries a character position. */
function positionedError(error: DatabaseError): DatabaseError {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DatabaseError && current.position) return current;
    current = current.cause;
  }
  return error;
}

/** PostgreSQL reports a character position in the *statement*; find the compiled SQL inside it and count lines. */
export function mapPositionToLine(error: DatabaseError, compiledSql: string | null): number | null {
  if (!error.position || !compiledSql) return null;
  const statement = error.statement ?? compiledSql;
  const offset = statement.indexOf(compiledSql);
  const index = error.position - 1 - (offset >= 0 ? offset : 0);
  if (index < 0 || index > compiledSql.length) return null;
  return compiledSql.slice(0, index).split('\n').length;
}
