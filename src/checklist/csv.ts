// A review as CSV: one row per member per item (the mark and the note), or per member per step (the
// answer) for the self-assessment; exported as a file (use-cases/export-review.ts).
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { MarkEntry, Review } from './store.js';
import { findItem, MARK_LABEL, type Template } from './templates.js';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe:
 * a note typed in chat must not become code on a coordinator's machine (OWASP "CSV injection").
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Times in the partnership's zone, to the minute, as a spreadsheet reads them; the zone is in the header. */
export function reviewRows(review: Review, template: Template, entries: MarkEntry[], zone: string): string[][] {
  const marks = template.kind === 'marks';
  const updated = `updated (${zone})`;
  const header = marks
    ? ['review', 'template', 'group', 'item', 'question', 'member', 'organization', 'mark', 'note', updated]
    : ['review', 'template', 'step', 'prompt', 'member', 'organization', 'answer', updated];
  const rows = entries.flatMap((e) => {
    const found = findItem(template, e.itemKey);
    if (!found) return [];
    if (!marks && !e.note?.trim()) return [];
    const who = [e.memberName, e.organization ?? ''];
    const tail = marks ? [e.mark ? MARK_LABEL[e.mark] : '', e.note ?? ''] : [e.note ?? ''];
    const where = marks ? [found.group.title, String(found.n), found.item.text] : [found.group.title, found.item.text];
    return [[String(review.id), template.key, ...where, ...who, ...tail, DateTime.fromJSDate(e.updatedAt, { zone }).toFormat('yyyy-MM-dd HH:mm')]];
  });
  return [header, ...rows.map((r) => r.map(safeCell))];
}

export const toCsv = (rows: string[][]): string => stringify(rows);
