// A review as CSV: one row per member per item (the mark and the note), or per member per step (the
// answer) for the self-assessment; cut into parts that each fit one chat message, header included.
import { stringify } from 'csv-stringify/sync';
import { code, context, text, type Card, type Span } from '../cards/card.js';
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

/** CSV texts of at most `maxChars` each, every one starting with the header row. */
export function csvParts(rows: string[][], maxChars: number): string[] {
  const [header, ...body] = rows;
  const head = toCsv([header!]);
  const parts: string[] = [];
  let current = head;
  for (const row of body) {
    const line = toCsv([row]);
    if (current.length > head.length && current.length + line.length > maxChars) {
      parts.push(current);
      current = head;
    }
    current += line;
  }
  parts.push(current);
  return parts;
}

/** Lines in monospace, several sections of whole lines: copied from the chat, it is the CSV again. */
export function csvCard(title: string, part: number, parts: number, csv: string, sectionChars: number): Card {
  const lines = csv.replace(/\r?\n$/, '').split(/\r?\n/);
  const sections: string[][] = [[]];
  let size = 0;
  for (const line of lines) {
    if (size > 0 && size + line.length + 1 > sectionChars) {
      sections.push([]);
      size = 0;
    }
    sections[sections.length - 1]!.push(line);
    size += line.length + 1;
  }
  // A backtick would end a Slack code span early: such a line is shown as plain text instead.
  const rich = (chunk: string[]): (string | Span)[] => chunk.flatMap((l, i) => [...(i > 0 ? ['\n'] : []), l.includes('`') ? l : code(l)]);
  return {
    header: `CSV: ${title}${parts > 1 ? ` (part ${part} of ${parts})` : ''}`,
    elements: [...sections.map((chunk) => text(rich(chunk))), context('Copy the lines above into a .csv file; each part starts with the header row.')],
    fallback: `CSV of ${title}${parts > 1 ? `, part ${part} of ${parts}` : ''}`,
  };
}
