/** A plain-text table for `show` and `demo` (dbt prints agate tables the same way). */
export function renderTable(columns: string[], rows: Record<string, unknown>[]): string {
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => r[i]!.length))));
  const line = (values: string[]): string => '| ' + values.map((v, i) => pad(v, widths[i]!)).join(' | ') + ' |';
  const rule = '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |';
  return [line(columns), rule, ...cells.map(line)].join('\n');
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function pad(value: string, width: number): string {
  const clipped = value.length > width ? value.slice(0, width - 1) + '…' : value;
  return clipped + ' '.repeat(width - clipped.length);
}
