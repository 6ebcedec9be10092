// Plain-text tables for benchmark output: right-aligned numbers, left-aligned words.

export function formatTable(columns: string[], rows: Record<string, string | number>[]): string {
  const cells = rows.map((row) => columns.map((c) => (typeof row[c] === 'number' ? format(row[c]) : String(row[c] ?? ''))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map((c) => rows.some((row) => typeof row[c] === 'number'));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function format(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
