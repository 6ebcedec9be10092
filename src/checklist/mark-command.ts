// `mark [template] <question> <mark>`: marks a question of the review open here by typing it — the
// same as choosing from the card's menu (it runs the menu's own handler), and the only way on a screen
// without menus (the console). `mark 12 note` opens the note form.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { markItem } from './actions.js';
import { TYPED_MARKS, NOTE_CHOICE, type MarkChoice } from './cards.js';
import { noneOpen, resolveReview, titleOf } from './resolve.js';
import { itemsOf, TEMPLATE_KEYS, templateOf, type TemplateKey } from './templates.js';

/** What people type for each mark: the card's words, and the forms they are likely to try. */
const WORDS: Record<string, MarkChoice> = {
  'in-place': 'in', in: 'in', inplace: 'in', yes: 'in', done: 'in',
  partly: 'partly', partial: 'partly', partially: 'partly', some: 'partly',
  'not-yet': 'not-yet', notyet: 'not-yet', no: 'not-yet', not: 'not-yet',
  na: 'na', 'n/a': 'na', 'n.a.': 'na', 'n.a': 'na', 'not-applicable': 'na',
  note: NOTE_CHOICE,
};

const USAGE = (p: string) => `\`${p}mark 12 partly\` marks question 12 of the review open here: ${TYPED_MARKS.join(', ')}; \`${p}mark 12 note\` adds a note.`;

const ARGS = [{ name: 'what', kind: 'text', ask: (p: string) => `Which question, and what mark? ${USAGE(p)}` }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const words = ctx.args.what.toLowerCase().split(/\s+/).filter(Boolean);
  const template = TEMPLATE_KEYS.includes(words[0] as TemplateKey) ? (words.shift() as TemplateKey) : undefined;
  const [number = '', ...rest] = words;
  // "not yet" and "not applicable" come in two words as often as in one.
  const choice = WORDS[rest.join('-')] ?? WORDS[rest.join('')];
  if (!/^\d{1,3}$/.test(number) || !choice) return respond.replyPrivately(message(`I did not understand that mark. ${USAGE(turn.prefix)}`));
  const found = resolveReview(services.db, turn.conversation, template, { closedToo: false });
  if (found.kind === 'none') return respond.replyPrivately(noneOpen(turn.prefix, template));
  if (found.kind === 'several') {
    const which = found.reviews.map((r) => `\`${turn.prefix}mark ${r.template} ${number} ${rest.join(' ')}\``).join(' or ');
    return respond.replyPrivately(message(`${found.reviews.length} reviews are open here; say which: ${which}.`));
  }
  const review = found.review;
  const shape = templateOf(review.template);
  if (shape?.kind !== 'marks') return respond.replyPrivately(message(`${titleOf(review)} is answered in words, not marked: press Answer under a step.`));
  const item = itemsOf(shape).find((i) => i.n === Number(number));
  if (!item) return respond.replyPrivately(message(`${titleOf(review)} has questions 1 to ${itemsOf(shape).length}; there is no question ${number}.`));
  await markItem(ctx, review.id, item.item.key, choice);
}

export function registerChecklistMark(registry: Registry): void {
  registry.command({
    name: 'mark',
    permission: 'member',
    usage: '[template] <question> in-place|partly|not-yet|na|note',
    summary: 'Mark a question of the review open here by typing it (the card’s menu does the same).',
    details: `${USAGE('')} With several reviews open here, name the template first: \`mark business-case 3 partly\`.`,
    args: ARGS,
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
