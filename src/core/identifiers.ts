/** PostgreSQL truncates identifiers silently at 63 bytes; chatsem rejects them instead. */
export const MAX_IDENTIFIER_BYTES = 63;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function identifierBytes(name: string): number {
  return Buffer.byteLength(name, 'utf8');
}

/** A safe unquoted identifier part: letters, digits, underscores, not starting with a digit. */
export function isSimpleIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
