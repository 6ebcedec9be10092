// The review card every conversation sees: each item with its tally and a select (or, for the
// self-assessment, each step with an Answer button), grouped under its ingredient. Built to fit one
// message: ~25 items + 6 groups + 4 lines stay under Slack's 50 blocks (no dividers) and Teams' 80 KB.
import { bold, code, context, text, type Card, type CardElement, type Choice, type Select } from '../cards/card.js';
import { formatDate } from '../core/dates.js';
import type { Review } from './store.js';
import { percent, tallyLine, type ReviewTally } from './tally.js';
import { MARKS, type Mark, type Template } from './templates.js';

export const MARK_ACTION = 'checklist.mark';
export const ANSWER_ACTION = 'checklist.answer';
export const WHICH_ACTION = 'checklist.which';
export const SHARE_ACTION = 'checklist.share';
export const NOTE_FORM = 'checklist.note';
export const ANSWER_FORM = 'checklist.answer';

/** The select's extra choice, which opens the note form instead of marking. */
export const NOTE_CHOICE = 'note';
export type MarkChoice = Mark | typeof NOTE_CHOICE;

const OPTION_LABEL: Record<MarkChoice, string> = { in: 'in place', partly: 'partly', 'not-yet': 'not yet', na: 'not applicable', note: 'add a note…' };

/** Which review and item a select or button belongs to: `<review id>:<item key>`. */
export const itemContext = (reviewId: number, itemKey: string) => `${reviewId}:${itemKey}`;

export function parseItemContext(value: string | undefined): { reviewId: number; itemKey: string } | undefined {
  const match = /^(\d{1,12}):([a-z-]{1,40}\.\d{1,3})$/.exec(value ?? '');
  return match ? { reviewId: Number(match[1]), itemKey: match[2]! } : undefined;
}

/**
 * An option's value names its item too (`exec.1=partly`): Teams' Save submits every select of the
 * card at once, keyed by input ids only, and this is how the handler reads them all in one go.
 */
export const optionValue = (itemKey: string, choice: MarkChoice) => `${itemKey}=${choice}`;

export function parseOptionValue(value: string | undefined): { itemKey: string; choice: MarkChoice } | undefined {
  const match = /^([a-z-]{1,40}\.\d{1,3})=([a-z-]{1,10})$/.exec(value ?? '');
  if (!match) return undefined;
  const choice = match[2]!;
  if (choice !== NOTE_CHOICE && !(MARKS as readonly string[]).includes(choice)) return undefined;
  return { itemKey: match[1]!, choice: choice as MarkChoice };
}

function markSelect(reviewId: number, itemKey: string): Select {
  const options: Choice[] = ([...MARKS, NOTE_CHOICE] as MarkChoice[]).map((c) => ({ label: OPTION_LABEL[c], value: optionValue(itemKey, c) }));
  // The card says how to type a mark (`mark 12 partly`): a text screen shows no options for each select.
  return { type: 'select', actionId: MARK_ACTION, placeholder: 'Mark…', options, context: itemContext(reviewId, itemKey), typed: true };
}

export interface CardInfo {
  timezone: string;
  /** How many conversations show this review. */
  conversations: number;
}

function statusLine(review: Review, template: Template, tally: ReviewTally, info: CardInfo): string {
  const people = `${tally.participants} member${tally.participants === 1 ? '' : 's'}`;
  const where = info.conversations > 1 ? ` · shown in ${info.conversations} conversations` : '';
  if (review.status === 'closed') {
    const overall = template.kind === 'marks' ? ` · overall ${percent(tally.overall)}` : '';
    return `Closed by ${review.closerName ?? 'a coordinator'} on ${formatDate(review.closedAt ?? review.openedAt, info.timezone)} · ${people} took part${overall}${where}.`;
  }
  const how =
    template.kind === 'marks'
      ? `Choose a mark for each question (on Teams, then press Save), or type one: \`mark 12 partly\` (${TYPED_MARKS.join(', ')}; \`mark 12 note\` adds a note). You can change it until the review closes.`
      : 'Press Answer under a step to write or edit your answer; you can change it until the review closes.';
  return `Opened by ${review.openerName} on ${formatDate(review.openedAt, info.timezone)} · ${people} taking part${where}. ${how}`;
}

function markElements(review: Review, template: Template, tally: ReviewTally): CardElement[] {
  const open = review.status === 'open';
  const out: CardElement[] = [];
  for (const g of tally.groups) {
    out.push(text([bold(g.group.title), g.scored > 0 ? ` — ${percent(g.score)}` : '']));
    for (const t of g.items) {
      const notes = t.notes.length > 0 ? ` · ${t.notes.length} note${t.notes.length === 1 ? '' : 's'}` : '';
      const section: CardElement = { type: 'section', text: [bold(`${t.n}.`), ` ${t.item.text}\n${tallyLine(t.counts)}${notes}`] };
      if (open) section.accessory = markSelect(review.id, t.item.key);
      out.push(section);
    }
  }
  return out;
}

function answerElements(review: Review, tally: ReviewTally): CardElement[] {
  const open = review.status === 'open';
  return tally.items.map((t) => {
    const answered = t.notes.length;
    const section: CardElement = {
      type: 'section',
      text: [bold(t.group.title), `\n${t.item.text}\n${answered === 0 ? 'no answers yet' : `answered by ${answered} member${answered === 1 ? '' : 's'}`}`],
    };
    if (open) section.accessory = { type: 'button', actionId: ANSWER_ACTION, label: 'Answer', value: itemContext(review.id, t.item.key) };
    return section;
  });
}

/** The words `mark` takes, in the order the card shows them. */
export const TYPED_MARKS = ['in-place', 'partly', 'not-yet', 'na'] as const;

/** The tally in a few lines, for a screen that prints each redraw below the card (the console). */
function briefOf(review: Review, template: Template, tally: ReviewTally): string[] {
  const people = `${tally.participants} member${tally.participants === 1 ? '' : 's'} ${review.status === 'open' ? 'taking part' : 'took part'}`;
  if (template.kind !== 'marks') {
    const answered = tally.items.filter((t) => t.notes.length > 0).length;
    return [`${people} · ${answered} of ${tally.items.length} steps answered`];
  }
  return [
    `${people} · ${tally.marks} mark${tally.marks === 1 ? '' : 's'} · overall ${percent(tally.overall)}`,
    tally.groups.map((g) => `${g.group.short} ${percent(g.score)}`).join(' · '),
  ];
}

export function reviewCard(review: Review, template: Template, tally: ReviewTally, info: CardInfo): Card {
  const open = review.status === 'open';
  return {
    brief: briefOf(review, template, tally),
    header: `${template.title} #${review.id}${open ? '' : ' (closed)'}`,
    elements: [
      context(`${template.credit}.`),
      context(statusLine(review, template, tally, info)),
      ...(template.kind === 'marks' ? markElements(review, template, tally) : answerElements(review, tally)),
      context([code('checklist summary'), template.kind === 'marks' ? ' shows the scores, open questions and notes.' : ' lists the answers per step.']),
    ],
    fallback: `${template.title} #${review.id}${open ? '' : ' (closed)'}: ${tally.participants} taking part.`,
  };
}

/** What an older copy of a review card says once it was posted again further down. */
export function movedCard(review: Review, template: Template): Card {
  return {
    header: `${template.title} #${review.id}`,
    elements: [text('This review was posted again further down this conversation; this copy no longer updates. Mark on the newer one.')],
  };
}
