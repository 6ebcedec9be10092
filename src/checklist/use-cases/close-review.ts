// Closing a review, for coordinators and whoever opened it: asked first (Close it / Keep it open), then
// marks freeze, every card of it is redrawn closed with its final scores, and it joins the history.
// `checklist close` and the "which review?" button both ask here; the card's buttons do the rest.
import type { MemberActor } from '../../auth/actor.js';
import { code, context, message, text } from '../../cards/card.js';
import type { ActionContext, Caller } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { redraw } from '../../delivery/redraw.js';
import { accessRefusal, showingPrivately } from '../access.js';
import { canManage, manageRefusal, titleOf } from '../resolve.js';
import { closeReview, getReview, marksOf, type Review } from '../store.js';
import { tallyReview } from '../tally.js';
import { templateOf } from '../templates.js';

export const CLOSE_ACTION = 'checklist.close-confirm';
export const KEEP_OPEN_ACTION = 'checklist.keep-open';

export async function closeReviewFor(caller: Caller<MemberActor>, review: Review): Promise<void> {
  const { services, actor, respond, turn } = caller;
  if (!canManage(actor, review)) return respond.replyPrivately(manageRefusal('close', review, turn.prefix));
  if (review.status !== 'open') return respond.replyPrivately(message(`${titleOf(review)} was already closed; nothing changed.`));
  const template = templateOf(review.template);
  const tally = template ? tallyReview(template, marksOf(services.db, review.id)) : undefined;
  const marked = tally ? `${tally.participants} member${tally.participants === 1 ? '' : 's'} took part so far.` : '';
  // The buttons come back from the caller's private chat on Teams: that counts as where it was shown.
  showingPrivately(caller, review);
  await respond.replyPrivately({
    header: `Close ${titleOf(review)}?`,
    elements: [
      text(`${marked} Once closed, no mark or note can change; its cards in every conversation show the final tally, and it joins \`checklist history\`.`.trim()),
      context(['A coordinator can open it again with ', code(`${turn.prefix}checklist reopen`), '.']),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: CLOSE_ACTION, label: 'Close it', value: String(review.id), style: 'danger' },
          { type: 'button', actionId: KEEP_OPEN_ACTION, label: 'Keep it open', value: String(review.id) },
        ],
      },
    ],
    fallback: `Close ${titleOf(review)}?`,
  });
}

/** The review a Close it / Keep it open button names, if this turn may act on it. */
async function reviewOf(ctx: ActionContext<MemberActor>): Promise<Review | undefined> {
  const show = ctx.respond.replace ?? ctx.respond.replyPrivately;
  const id = Number(ctx.action.value);
  const review = Number.isInteger(id) ? getReview(ctx.services.db, id) : undefined;
  if (!review) {
    await show(message('That review no longer exists. Run `checklist` to start one.'));
    return undefined;
  }
  const refusal = accessRefusal(ctx, review);
  if (refusal) {
    await ctx.respond.replyPrivately(refusal);
    return undefined;
  }
  return review;
}

export async function applyClose(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, turn } = ctx;
  const show = ctx.respond.replace ?? ctx.respond.replyPrivately;
  const review = await reviewOf(ctx);
  if (!review) return;
  if (!canManage(actor, review)) return ctx.respond.replyPrivately(manageRefusal('close', review, turn.prefix));
  const closed = closeReview(services.db, review.id, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, services.clock());
  if (!closed) return show(message(`${titleOf(review)} was already closed; nothing changed.`));
  await redraw(services, closed);
  await show(message([`Closed ${titleOf(review)}: its cards now show the final tally. `, code(`${turn.prefix}checklist history ${review.template}`), ' compares it with earlier reviews.']));
}

export async function keepOpen(ctx: ActionContext<MemberActor>): Promise<void> {
  const review = await reviewOf(ctx);
  if (review) await (ctx.respond.replace ?? ctx.respond.replyPrivately)(message(`${titleOf(review)} stays open; nothing changed.`));
}
