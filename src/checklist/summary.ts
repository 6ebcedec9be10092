// The summary of a review: per group its score, weakest first, with its open questions and the notes
// left; for the self-assessment the answers per step, with no score. Long text is capped so the card
// stays one message on both platforms; `checklist export` has everything.
import { bold, code, context, literal, text, type Card, type CardElement, type Span } from '../cards/card.js';
import { formatDate } from '../core/dates.js';
import type { MarkEntry, Review } from './store.js';
import { bar, isOpen, percent, tallyLine, weakestFirst, type ReviewTally } from './tally.js';
import { MARKS, type Template } from './templates.js';

const NOTES_PER_GROUP = 6;
const NOTE_CHARS = 280;
const ANSWER_CHARS = 700;
/** Room for one step's answers: one Slack section (3,000) with space for escaping. */
const STEP_CHARS = 2600;

function clip(value: string, max: number): string {
  const flat = value.trim().replace(/\s*\n\s*/g, ' / ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const who = (e: MarkEntry) => (e.organization ? `${e.memberName} (${e.organization})` : e.memberName);

function statusText(review: Review, tally: ReviewTally, timezone: string): string {
  const opened = `Opened by ${review.openerName} on ${formatDate(review.openedAt, timezone)}`;
  const closed = review.status === 'closed' ? `, closed by ${review.closerName ?? 'a coordinator'} on ${formatDate(review.closedAt ?? review.openedAt, timezone)}` : ' (still open)';
  return `${opened}${closed} · ${plural(tally.participants, 'member')} took part`;
}

function markSummary(review: Review, tally: ReviewTally, timezone: string): CardElement[] {
  const out: CardElement[] = [
    context(
      `${statusText(review, tally, timezone)} · ${plural(tally.marks, 'mark')}${tally.na > 0 ? ` (${tally.na} n.a.)` : ''} · overall ${percent(tally.overall)}. A score is the mean of the members' marks (in place 1, partly 0.5, not yet 0; n.a. left out); weakest first.`,
    ),
  ];
  for (const g of weakestFirst(tally.groups)) {
    const parts: (string | Span)[] = [bold(g.group.title), `  ${bar(g.score)} ${percent(g.score)}${g.scored > 0 ? ` (${plural(g.scored, 'mark')})` : ''}`];
    const open = g.items.filter(isOpen);
    const marked = open.filter((t) => MARKS.some((m) => t.counts[m] > 0));
    const unmarked = open.filter((t) => !marked.includes(t));
    if (open.length === 0) parts.push('\nNo open questions: most marked each one in place.');
    if (marked.length > 0) parts.push('\nOpen questions:');
    for (const t of marked) parts.push(`\n• ${t.n}. ${t.item.text} — ${tallyLine(t.counts)}`);
    // Unmarked questions are listed by number only: early in a review that is most of them.
    if (unmarked.length > 0) parts.push(`\nNot marked yet: ${unmarked.length === 1 ? 'question' : 'questions'} ${unmarked.map((t) => t.n).join(', ')}.`);
    const notes = g.items.flatMap((t) => t.notes.map((e) => ({ n: t.n, e })));
    if (notes.length > 0) {
      parts.push('\nNotes:');
      // What members wrote shows as they wrote it: literal spans, never formatting.
      for (const { n, e } of notes.slice(-NOTES_PER_GROUP)) parts.push(`\n• ${n}. “`, literal(clip(e.note!, NOTE_CHARS)), '” — ', literal(who(e)));
      if (notes.length > NOTES_PER_GROUP) parts.push(`\n…and ${notes.length - NOTES_PER_GROUP} earlier notes (the export has them all).`);
    }
    out.push(text(parts));
  }
  return out;
}

function answerSummary(review: Review, tally: ReviewTally, timezone: string): CardElement[] {
  const out: CardElement[] = [context(`${statusText(review, tally, timezone)}. No score: these are the members' own answers.`)];
  for (const t of tally.items) {
    const parts: (string | Span)[] = [bold(t.group.title), `\n${t.item.text}`];
    let used = 0;
    let shown = 0;
    for (const e of t.notes) {
      const [name, answer] = [who(e), clip(e.note!, ANSWER_CHARS)];
      const length = name.length + answer.length + 4;
      if (used + length > STEP_CHARS) break;
      parts.push('\n• ', literal(name), ': ', literal(answer));
      used += length;
      shown++;
    }
    if (t.notes.length === 0) parts.push('\nNo answers yet.');
    if (shown < t.notes.length) parts.push(`\n…and ${t.notes.length - shown} more (the export has them all).`);
    out.push(text(parts));
  }
  return out;
}

export function summaryCard(review: Review, template: Template, tally: ReviewTally, timezone: string): Card {
  return {
    header: `Summary: ${template.title} #${review.id}${review.status === 'closed' ? ' (closed)' : ''}`,
    elements: [
      context(`${template.credit}.`),
      ...(template.kind === 'marks' ? markSummary(review, tally, timezone) : answerSummary(review, tally, timezone)),
      context([code('checklist history'), ' compares reviews over time; ', code('checklist export'), ` sends every ${template.kind === 'marks' ? 'mark and note' : 'answer'} as CSV.`]),
    ],
  };
}
