// Which review a caller acts on, and where that counts: a subcommand means the review open here (or asks
// which); a button, select or form names its review by id, and a forged one could name any, so it is
// honoured only from a conversation the review is shown in, or privately — in the member's own chat
// with the bot — for whoever opened it or was shown its controls there.
import type { MemberActor } from '../auth/actor.js';
import { code, message, type Card } from '../cards/card.js';
import type { Caller } from '../commands/context.js';
import { conversationOf } from '../core/address.js';
import { noneOpen, resolveReview, titleOf, whichCard, type Verb } from './resolve.js';
import { conversationsOf, recordPrivateView, shownPrivatelyTo, type Review } from './store.js';
import type { TemplateKey } from './templates.js';

/** Why this turn may not act on the review, or undefined when it may. */
export function accessRefusal(ctx: Pick<Caller, 'services' | 'turn' | 'actor'>, review: Review): Card | undefined {
  const { services, turn, actor } = ctx;
  if (conversationsOf(services.db, review.id).includes(conversationOf(turn.conversation))) return undefined;
  const member = actor.member;
  // Teams has no ephemeral messages: forms and "which review?" cards go to the member's 1:1 chat.
  if (turn.scope === 'personal' && member && (review.openedBy === member.id || shownPrivatelyTo(services.db, review.id, member.id))) return undefined;
  return message(
    [
      `${titleOf(review)} is not shown in this conversation, so its buttons and forms do not work here. Use its card where it was posted, or share it into this conversation with `,
      code(`${turn.prefix}checklist share`),
      ' (a vetted conversation) and use the card that appears.',
    ],
    'refusal',
  );
}

/** Before showing a member a review's controls privately: they may then answer from their private chat. */
export function showingPrivately(ctx: Pick<Caller, 'services' | 'actor'>, review: Review): void {
  if (ctx.actor.member) recordPrivateView(ctx.services.db, review.id, ctx.actor.member.id, ctx.services.clock());
}

/** Several reviews are open here: asks the caller which, privately; each button then counts from their private chat too. */
export async function askWhich(ctx: Caller, verb: Verb, reviews: Review[]): Promise<void> {
  for (const review of reviews) showingPrivately(ctx, review);
  await ctx.respond.replyPrivately(whichCard(verb, reviews, ctx.turn.prefix));
}

/**
 * A subcommand's review: the one open here (of `template` if named; with `closedToo`, else the latest
 * shown here) goes to `run`. None: the caller is told how to start one. Several: asked which.
 */
export async function onReviewHere(
  ctx: Caller<MemberActor>,
  verb: Verb,
  template: TemplateKey | undefined,
  options: { closedToo: boolean },
  run: (ctx: Caller<MemberActor>, review: Review) => Promise<void>,
): Promise<void> {
  const found = resolveReview(ctx.services.db, ctx.turn.conversation, template, options);
  if (found.kind === 'none') return ctx.respond.replyPrivately(noneOpen(ctx.turn.prefix, template));
  if (found.kind === 'several') return askWhich(ctx, verb, found.reviews);
  await run(ctx, found.review);
}
