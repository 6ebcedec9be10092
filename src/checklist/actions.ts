// The review card's controls: a mark (a Slack select fires on change; a Teams Save arrives as one action
// with every select it changed), the note and answer forms, and the buttons that pick a review or share one here.
import type { MemberActor } from '../auth/actor.js';
import { bold, message, type Form } from '../cards/card.js';
import { changesOf, type ActionContext, type Caller, type FormContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { formatDate } from '../core/dates.js';
import { QUEUE_DOWN_NOTE } from '../delivery/outbox.js';
import { redraw } from '../delivery/redraw.js';
import { accessRefusal, showingPrivately } from './access.js';
import { ANSWER_ACTION, ANSWER_FORM, itemContext, MARK_ACTION, NOTE_CHOICE, NOTE_FORM, optionValue, parseItemContext, parseOptionValue, SHARE_ACTION, WHICH_ACTION, type MarkChoice } from './cards.js';
import { parseWhichValue, titleOf } from './resolve.js';
import { getReview, headquarteredHere, noteOf, setMarks, setNote, type Review } from './store.js';
import { findItem, MARK_LABEL, templateOf, type Mark, type Template } from './templates.js';
import { applyClose, CLOSE_ACTION, closeReviewFor, KEEP_OPEN_ACTION, keepOpen } from './use-cases/close-review.js';
import { exportReviewFor } from './use-cases/export-review.js';
import { shareReviewInto } from './use-cases/share-review.js';
import { summarizeReviewFor } from './use-cases/summarize-review.js';

/** The card's controls are for active members: each handler is handed the member record. */
type OnAction = ActionContext<MemberActor>;
type OnForm = FormContext<MemberActor>;

export const NOTE_CHARS = 1000;
export const ANSWER_CHARS = 2000;

const closedRefusal = (review: Review, timezone: string) =>
  message(
    `${titleOf(review)} was closed${review.closedAt ? ` by ${review.closerName ?? 'a coordinator'} on ${formatDate(review.closedAt, timezone)}` : ''}, so its marks and answers can no longer change. A member can start a new review with \`checklist\`.`,
    'refusal',
  );

const gone = () => message('That review no longer exists. Run `checklist` to start one.');

function noteForm(review: Review, template: Template, itemKey: string, current: string | undefined): Form {
  const found = findItem(template, itemKey)!;
  return {
    id: NOTE_FORM,
    title: `Note on question ${found.n}`,
    submitLabel: 'Save note',
    intro: [bold(`${titleOf(review)}, question ${found.n}`), `\n${found.item.text}`],
    inputs: [
      {
        id: 'note',
        label: 'Your note',
        kind: 'multiline',
        maxLength: NOTE_CHARS,
        ...(current ? { initial: current } : {}),
        hint: 'Shown in the summary with your name. Leave it empty to remove your note.',
      },
    ],
    state: itemContext(review.id, itemKey),
  };
}

async function mark(ctx: OnAction): Promise<void> {
  const { services, actor, action, respond } = ctx;
  // One Slack select, or every select a Teams Save changed: checked and answered once either way.
  const [first, ...others] = changesOf(action);
  const where = parseItemContext(first?.context);
  const own = parseOptionValue(first?.value);
  if (!where || !own || own.itemKey !== where.itemKey) {
    await respond.replyPrivately(message('That select is no longer in use. Run `checklist` to show the review again.'));
    return;
  }
  const review = getReview(services.db, where.reviewId);
  const template = review && templateOf(review.template);
  if (!review || !template || !findItem(template, own.itemKey)) return respond.replyPrivately(gone());
  const refusal = accessRefusal(ctx, review);
  if (refusal) return respond.replyPrivately(refusal);
  if (review.status !== 'open') return respond.replyPrivately(closedRefusal(review, services.config.timezone));

  const choices = new Map<string, MarkChoice>([[own.itemKey, own.choice]]);
  for (const change of others) {
    // The selects of one Save sit on one card: one that names another review or item counts for nothing.
    const at = parseItemContext(change.context);
    const other = parseOptionValue(change.value);
    if (at?.reviewId === review.id && other?.itemKey === at.itemKey && !choices.has(other.itemKey) && findItem(template, other.itemKey)) choices.set(other.itemKey, other.choice);
  }
  const marks = [...choices].filter((c): c is [string, Mark] => c[1] !== NOTE_CHOICE).map(([itemKey, m]) => ({ itemKey, mark: m }));
  const notes = [...choices].filter((c) => c[1] === NOTE_CHOICE).map(([itemKey]) => itemKey);
  const marked = marks.length > 0 ? setMarks(services.db, review.id, actor.member.id, marks, services.clock()) : undefined;
  if (marked && !marked.ok) return respond.replyPrivately(closedRefusal(getReview(services.db, review.id) ?? review, services.config.timezone));
  // A Slack trigger_id lives 3 seconds: the note form opens before anything slower.
  if (notes[0]) {
    showingPrivately(ctx, review);
    await respond.openForm(noteForm(review, template, notes[0], noteOf(services.db, review.id, notes[0], actor.member.id)));
  }
  if (!marked) return;
  const redrawn = await redraw(services, marked.redraw);
  const lines = marks.map(({ itemKey, mark: m }) => `question ${findItem(template, itemKey)!.n} as ${MARK_LABEL[m]}`);
  const extra = notes.length > 1 ? ' Pick "add a note…" again for each further note.' : '';
  await respond.replyPrivately(
    message(
      `Marked ${lines.length === 1 ? lines[0] : `${lines.length} questions: ${lines.join('; ')}`} on ${titleOf(review)}. You can change a mark until the review closes.${extra}${redrawn ? '' : ` ${QUEUE_DOWN_NOTE}`}`,
    ),
  );
}

/**
 * A note on a marked question and a self-assessment answer are the same stored text per member per
 * item; only the field, its limit and the confirmation differ.
 */
async function saveText(
  ctx: OnForm,
  field: 'note' | 'answer',
  limit: number,
  confirm: (found: NonNullable<ReturnType<typeof findItem>>, review: NonNullable<ReturnType<typeof getReview>>, saved: boolean) => string,
) {
  const { services, actor, respond } = ctx;
  const where = parseItemContext(ctx.state);
  const review = where && getReview(services.db, where.reviewId);
  const template = review && templateOf(review.template);
  const found = template && findItem(template, where.itemKey);
  if (!where || !review || !found) return void (await respond.replyPrivately(gone()));
  const refusal = accessRefusal(ctx, review);
  if (refusal) return void (await respond.replyPrivately(refusal));
  const raw = ctx.values[field];
  // Already sanitized, as every form value is, before the handler runs (src/bot.ts).
  const text = (typeof raw === 'string' ? raw : '').trim();
  if (text.length > limit) return { [field]: `Keep ${field === 'note' ? 'a note' : 'an answer'} under ${limit.toLocaleString('en-US')} characters (this one has ${text.length.toLocaleString('en-US')}).` };
  const saved = setNote(services.db, review.id, where.itemKey, actor.member.id, text || null, services.clock());
  if (!saved.ok) return void (await respond.replyPrivately(closedRefusal(getReview(services.db, review.id) ?? review, services.config.timezone)));
  const redrawn = await redraw(services, saved.redraw);
  await respond.replyPrivately(message(`${confirm(found, review, text !== '')}${redrawn ? '' : ` ${QUEUE_DOWN_NOTE}`}`));
  return undefined;
}

const saveNote = (ctx: OnForm) =>
  saveText(ctx, 'note', NOTE_CHARS, (found, review, saved) =>
    saved ? `Saved your note on question ${found.n} of ${titleOf(review)}.` : `Removed your note on question ${found.n} of ${titleOf(review)}.`,
  );

const saveAnswer = (ctx: OnForm) =>
  saveText(ctx, 'answer', ANSWER_CHARS, (found, review, saved) =>
    saved ? `Saved your answer to ${found.group.title.toLowerCase()} of ${titleOf(review)}.` : `Removed your answer to ${found.group.title.toLowerCase()}.`,
  );

function answerForm(ctx: OnAction, review: Review, template: Template, itemKey: string): Form {
  const found = findItem(template, itemKey)!;
  let initial = noteOf(ctx.services.db, review.id, itemKey, ctx.actor.member.id);
  if (!initial && itemKey === 'external.1') {
    // Step 2 asks which companies are headquartered here: start from what the roster knows.
    const hq = headquarteredHere(ctx.services.db);
    if (hq.length > 0) initial = `Headquartered in the jurisdiction (from the roster): ${hq.join(', ')}.\n`;
  }
  return {
    id: ANSWER_FORM,
    title: `Self-assessment step ${found.n}`,
    submitLabel: 'Save answer',
    intro: [bold(found.group.title), `\n${found.item.text}`],
    inputs: [
      {
        id: 'answer',
        label: 'Your answer',
        kind: 'multiline',
        maxLength: ANSWER_CHARS,
        ...(initial ? { initial: initial.slice(0, ANSWER_CHARS) } : {}),
        hint: 'Shown in the summary with your name; you can edit it until the review closes. Leave it empty to remove it.',
      },
    ],
    state: itemContext(review.id, itemKey),
  };
}

async function answer(ctx: OnAction): Promise<void> {
  const where = parseItemContext(ctx.action.value);
  const review = where && getReview(ctx.services.db, where.reviewId);
  const template = review && templateOf(review.template);
  if (!where || !review || !template || !findItem(template, where.itemKey)) return ctx.respond.replyPrivately(gone());
  const refusal = accessRefusal(ctx, review);
  if (refusal) return ctx.respond.replyPrivately(refusal);
  if (review.status !== 'open') return ctx.respond.replyPrivately(closedRefusal(review, ctx.services.config.timezone));
  showingPrivately(ctx, review);
  await ctx.respond.openForm(answerForm(ctx, review, template, where.itemKey));
}

/** A "which review?" button: the subcommand's own use case, on the review chosen. */
async function which(ctx: OnAction): Promise<void> {
  const chosen = parseWhichValue(ctx.action.value);
  const review = chosen && getReview(ctx.services.db, chosen.reviewId);
  if (!chosen || !review) return ctx.respond.replyPrivately(gone());
  const refusal = accessRefusal(ctx, review);
  if (refusal) return ctx.respond.replyPrivately(refusal);
  if (chosen.verb === 'summary') return summarizeReviewFor(ctx, review);
  if (chosen.verb === 'close') return closeReviewFor(ctx, review);
  return exportReviewFor(ctx, review);
}

async function share(ctx: OnAction): Promise<void> {
  const id = Number(ctx.action.value);
  const review = Number.isInteger(id) ? getReview(ctx.services.db, id) : undefined;
  if (!review) return ctx.respond.replyPrivately(gone());
  if (await shareReviewInto(ctx, review)) await ctx.respond.replace?.(message(`${titleOf(review)} is now shown here too, shared by ${ctx.actor.member.name}.`));
}

/** One question marked as if chosen from its card's menu: `mark 12 partly` typed (mark-command.ts). */
export function markItem(caller: Caller<MemberActor>, reviewId: number, itemKey: string, choice: MarkChoice): Promise<void> {
  return mark({ ...caller, action: { actionId: MARK_ACTION, value: optionValue(itemKey, choice), context: itemContext(reviewId, itemKey) } });
}

export function registerChecklistActions(registry: Registry): void {
  registry.action({ actionId: MARK_ACTION, permission: 'member', handler: mark });
  registry.action({ actionId: ANSWER_ACTION, permission: 'member', handler: answer });
  registry.action({ actionId: WHICH_ACTION, permission: 'member', handler: which });
  registry.action({ actionId: SHARE_ACTION, permission: 'member', handler: share });
  registry.action({ actionId: CLOSE_ACTION, permission: 'member', handler: applyClose });
  registry.action({ actionId: KEEP_OPEN_ACTION, permission: 'member', handler: keepOpen });
  registry.form({ formId: NOTE_FORM, permission: 'member', handler: saveNote });
  registry.form({ formId: ANSWER_FORM, permission: 'member', handler: saveAnswer });
}
