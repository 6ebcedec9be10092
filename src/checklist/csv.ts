// A review as CSV: one row per member per item (the mark and the note), or per member per step (the
// answer) for the self-assessment; exported as a file (use-cases/export-review.ts).
import { stringify } from 'csv-stringify/sync';
import type { MarkEntry, Review } from './store.js';
import { findItem, MARK_LABEL, type Template } from './templates.js';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe:
 * a note typed in chat must not become code on a coordinator's machine (OWASP "CSV injection").
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function reviewRows(review: Review, template: Template, entries: MarkEntry[]): string[][] {
  const marks = template.kind === 'marks';
  const header = marks
    ? ['review', 'template', 'group', 'item', 'question', 'member', 'organization', 'mark', 'note', 'updated']
    : ['review', 'template', 'step', 'prompt', 'member', 'organization', 'answer', 'updated'];
  const rows = entries.flatMap((e) => {
    const found = findItem(template, e.itemKey);
    if (!found) return [];
    if (!marks && !e.note?.trim()) return [];
    const who = [e.memberName, e.organization ?? ''];
    const tail = marks ? [e.mark ? MARK_LABEL[e.mark] : '', e.note ?? ''] : [e.note ?? ''];
    const where = marks ? [found.group.title, String(found.n), found.item.text] : [found.group.title, found.item.text];
    return [[String(review.id), template.key, ...where, ...who, ...tail, e.updatedAt.toISOString()]];
  });
  return [header, ...rows.map((r) => r.map(safeCell))];
}

export const toCsv = (rows: string[][]): string => stringify(rows);
