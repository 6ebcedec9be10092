// `checklist reopen [template]`: a coordinator opens the latest closed review here again — a review
// closed by mistake, or one the partnership wants to finish — audited, its cards redrawn open.
import { code, message } from '../cards/card.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { redraw } from '../delivery/redraw.js';
import { noneOpen, TEMPLATE_ARG, TEMPLATE_USAGE, titleOf } from './resolve.js';
import { latestReviewIn, reopenReview } from './store.js';

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'coordinator'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const review = latestReviewIn(services.db, turn.conversation, ctx.args.template);
  if (!review) return respond.replyPrivately(noneOpen(turn.prefix, ctx.args.template));
  if (review.status === 'open') return respond.replyPrivately(message(`${titleOf(review)} is open already.`));
  const result = reopenReview(services.db, review.id, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, services.clock());
  if (!result.ok) {
    const why = result.other ? `${titleOf(result.other)} is open in a conversation it was shown in; close that one first.` : 'it is open already.';
    return respond.replyPrivately(message(`I cannot reopen ${titleOf(review)}: ${why}`));
  }
  await redraw(services, result.redraw);
  await respond.replyPrivately(
    message([`Reopened ${titleOf(review)}: marks and notes can change again, and its cards show it open. `, code(`${turn.prefix}checklist close`), ' closes it again.']),
  );
}

export function registerChecklistReopen(registry: Registry): void {
  registry.command({
    name: 'checklist reopen',
    permission: 'coordinator',
    usage: TEMPLATE_USAGE,
    summary: 'Open the latest closed review here again (coordinators): marks and notes can change again.',
    details: 'Reopens the most recent review shown in this conversation (of the template named, if any). It is audited, and its cards in every conversation are redrawn open. A conversation can hold one open review per template, so close a newer one first.',
    args: TEMPLATE_ARG,
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
