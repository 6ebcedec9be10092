// Where an action on a review counts: a button, select or form names its review by id, and a forged
// one could name any. It is honoured only from a conversation the review is shown in, or privately —
// in the member's own chat with the bot — for whoever opened it or was shown its controls there.
import { code, message, type Card } from '../cards/card.js';
import { conversationOf } from '../core/address.js';
import type { Caller } from './summary-command.js';
import { titleOf, whichCard, type Verb } from './resolve.js';
import { conversationsOf, recordPrivateView, shownPrivatelyTo, type Review } from './store.js';

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
