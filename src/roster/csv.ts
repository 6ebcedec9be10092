// The roster's CSV layout, shared by `roster import`, `roster export` and `roster template`: the columns,
// reading a file (UTF-8 with or without BOM, quoted fields, CRLF) and writing one safely for spreadsheets.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { suggest } from '../commands/suggest.js';

/** Every column `roster import` reads, in the order `roster template` and `roster export` write them. */
export const COLUMNS = [
  'name',
  'title',
  'organization',
  'organization_kind',
  'sector',
  'headquartered',
  'category',
  'executive_level',
  'tier',
  'status',
  'vetted_on',
  'email',
  'contact_247',
  'slack_id',
  'teams_id',
  'capabilities',
  'timezone',
  'alternate_name',
  'alternate_phone',
  'alternate_email',
] as const;
export type Column = (typeof COLUMNS)[number];

/** Written by the export for the reader's sake, ignored by the import: the bot computes it. */
export const EXPORT_ONLY = ['vetting_expires'] as const;

/** The most rows one import takes; a partnership's roster is far smaller. */
export const MAX_ROWS = 10_000;

export interface ParsedCsv {
  /** Which column each cell index holds (undefined: an export-only column, ignored). */
  columns: (Column | undefined)[];
  /** Rows as a spreadsheet numbers them: the header is row 1. Rows whose cells are all empty are left out. */
  rows: { row: number; cells: string[] }[];
}

export type CsvResult = { ok: true; csv: ParsedCsv } | { ok: false; problem: string };

/** A spreadsheet would run a cell starting with = + - @ (or a tab or CR) as a formula: it gets a leading apostrophe. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The apostrophe `safeCell` adds is taken off again on import, so an export imports unchanged. */
export function unsafeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** Spreadsheet users write headers their own way: `Contact 247`, `slack-id`, `Vetted On`. */
function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-/]+/g, '_');
}

/** The bytes as text: UTF-8 (a BOM is dropped); anything else is refused with how to save it right. */
export function decodeUtf8(bytes: Buffer): { ok: true; text: string } | { ok: false; problem: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    return {
      ok: false,
      problem: 'The file is not UTF-8 text. In Excel, use File → Save As → “CSV UTF-8 (Comma delimited)”; in Google Sheets, File → Download → CSV.',
    };
  }
}

export function readCsv(text: string): CsvResult {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    const where = typeof e.lines === 'number' ? ` near line ${e.lines}` : '';
    return { ok: false, problem: `The file is not valid CSV${where}: ${(e.message ?? 'unreadable').split('\n')[0]!.slice(0, 200)}. A field with a comma, quote or line break must be in double quotes, with its quotes doubled.` };
  }
  const [header, ...body] = records;
  if (!header || header.every((h) => h.trim() === '')) return { ok: false, problem: 'The file is empty: the first row must name the columns (`roster template` sends the layout).' };
  const known = new Set<string>([...COLUMNS, ...EXPORT_ONLY]);
  const names = header.map(normalizeHeader);
  const unknown = names.filter((n) => n !== '' && !known.has(n));
  if (unknown.length > 0) {
    const hints = unknown.map((u) => {
      const close = suggest(u, [...COLUMNS]);
      return `\`${u.slice(0, 40)}\`${close.length ? ` (did you mean ${close.slice(0, 2).map((c) => `\`${c}\``).join(' or ')}?)` : ''}`;
    });
    return { ok: false, problem: `Unknown column${unknown.length > 1 ? 's' : ''} ${hints.join(', ')}. The columns are: ${COLUMNS.join(', ')}. \`roster template\` sends the layout.` };
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (n !== '' && seen.has(n)) return { ok: false, problem: `The column \`${n}\` appears twice in the header.` };
    seen.add(n);
  }
  if (!seen.has('name')) return { ok: false, problem: 'The header has no `name` column. `roster template` sends the layout.' };
  if (body.length > MAX_ROWS) return { ok: false, problem: `The file has ${body.length.toLocaleString('en-US')} rows; one import takes at most ${MAX_ROWS.toLocaleString('en-US')}. Split it in two.` };
  const columns = names.map((n) => ((COLUMNS as readonly string[]).includes(n) ? (n as Column) : undefined));
  const rows: ParsedCsv['rows'] = [];
  body.forEach((cells, i) => {
    // A blank line, or a spreadsheet row left empty (",,,,"), is no member.
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ row: i + 2, cells });
  });
  return { ok: true, csv: { columns, rows } };
}

/** The CSV text of rows (header first), every cell made safe; a BOM so Excel reads it as UTF-8. */
export function writeCsv(rows: string[][]): string {
  return `\uFEFF${stringify(rows.map((r) => r.map(safeCell)), { record_delimiter: 'windows' })}`;
}
