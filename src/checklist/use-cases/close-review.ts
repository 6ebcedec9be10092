// Closing a review, for coordinators and whoever opened it: marks freeze, every card of it is redrawn
// closed with its final scores, and it joins the history. `checklist close` and the "which review?"
// button both end here.
import type { MemberActor } from '../../auth/actor.js';
import { code, message } from '../../cards/card.js';
import type { Caller } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { redraw } from '../../delivery/redraw.js';
import { canManage, manageRefusal, titleOf } from '../resolve.js';
import { closeReview, type Review } from '../store.js';

export async function closeReviewFor(caller: Caller<MemberActor>, review: Review): Promise<void> {
  const { services, actor, respond, turn } = caller;
  if (!canManage(actor, review)) return respond.replyPrivately(manageRefusal('close', review, turn.prefix));
  const closed = closeReview(services.db, review.id, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, services.clock());
  if (!closed) return respond.replyPrivately(message(`${titleOf(review)} was already closed; nothing changed.`));
  await redraw(services, closed);
  await respond.replyPrivately(
    message([`Closed ${titleOf(review)}: its cards now show the final tally. `, code(`${turn.prefix}checklist history ${review.template}`), ' compares it with earlier reviews.']),
  );
}
