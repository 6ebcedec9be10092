// The roster's CSV layout, shared by `roster import`, `roster export` and `roster template`: the columns,
// the template's example row, reading a file (UTF-8 with or without BOM, quoted fields, CRLF, `#` comment
// rows) and writing one safely for spreadsheets.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { suggest } from '../../commands/suggest.js';
import { sanitizeLine } from '../../core/sanitize.js';

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

/**
 * The template's made-up member, in every column, so the layout is shown filled in (555 numbers are
 * fictional). It must never become a member: an import that still has it is refused (isExampleRow).
 */
export const EXAMPLE_ROW: Record<Column, string> = {
  name: 'Dana Example',
  title: 'Chief of Police',
  organization: 'Example City Police Department',
  organization_kind: 'local-agency',
  sector: '',
  headquartered: 'yes',
  category: 'law-enforcement',
  executive_level: 'Agency head',
  tier: 'board',
  status: 'active',
  vetted_on: '2026-01-15',
  email: 'dana.example@example.org',
  contact_247: '+1 612 555 0142',
  slack_id: '',
  teams_id: '',
  capabilities: 'cctv;facilities',
  timezone: 'America/Chicago',
  alternate_name: 'Sam Deputy',
  alternate_phone: '+1 612 555 0143',
  alternate_email: 'sam.deputy@example.org',
};

/** The template's first row, a comment the import skips: what to do with the example row. */
export const TEMPLATE_COMMENT =
  '# Delete the example row (Dana Example) and write one row per member under the header; roster import refuses a file that still has the example row. A row with only a # note in its first cell is skipped.';

/** The example row, unedited or half-edited: its name or its email left in. */
export function isExampleRow(columns: ParsedCsv['columns'], cells: string[]): boolean {
  const cellOf = (c: Column) => {
    const i = columns.indexOf(c);
    return i < 0 ? '' : sanitizeLine(cells[i] ?? '').toLowerCase();
  };
  return cellOf('name') === EXAMPLE_ROW.name.toLowerCase() || cellOf('email') === EXAMPLE_ROW.email;
}

/** Written by the export for the reader's sake, ignored by the import: the bot computes it. */
export const EXPORT_ONLY = ['vetting_expires'] as const;

/** The most rows one import takes; a partnership's roster is far smaller. */
export const MAX_ROWS = 10_000;

/**
 * A comment row: its first cell starts with `#` and the others are empty (a spreadsheet that saves it
 * back adds empty cells, and quotes it if it has a comma). It is skipped, but still numbered as a row.
 */
function isComment(cells: string[]): boolean {
  return (cells[0] ?? '').trimStart().startsWith('#') && cells.slice(1).every((c) => c.trim() === '');
}

export interface ParsedCsv {
  /** Which column each cell index holds (undefined: an export-only column, ignored). */
  columns: (Column | undefined)[];
  /** Rows as a spreadsheet numbers them (the header is row 1 unless comment rows precede it). Empty and comment rows are left out. */
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
  // Rows are numbered as a spreadsheet shows them, comment rows included: record i is row i + 1.
  const first = records.findIndex((r) => !isComment(r));
  const header = first < 0 ? undefined : records[first];
  const body = first < 0 ? [] : records.slice(first + 1);
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
    // A blank line, or a spreadsheet row left empty (",,,,"), is no member; nor is a comment.
    if (cells.every((c) => c.trim() === '') || isComment(cells)) return;
    rows.push({ row: first + i + 2, cells });
  });
  return { ok: true, csv: { columns, rows } };
}

/** The CSV text of rows (header first), every cell made safe; a BOM so Excel reads it as UTF-8. */
export function writeCsv(rows: string[][]): string {
  return `\uFEFF${stringify(rows.map((r) => r.map(safeCell)), { record_delimiter: 'windows' })}`;
}
