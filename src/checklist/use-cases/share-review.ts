// Sharing an open review into the caller's conversation (a vetted one, on either platform): its card is
// posted there and every card of it redrawn, one tally for all. `checklist share` and its "which
// review?" button both end here.
import type { MemberActor } from '../../auth/actor.js';
import { code, message, type Card } from '../../cards/card.js';
import { getChannel } from '../../channels/store.js';
import type { Caller } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { postReview } from '../post.js';
import { titleOf } from '../resolve.js';
import { shareReview, unshareReview, type Review } from '../store.js';

/** Only vetted conversations may show a shared review: its notes come from the partnership's members. */
export function vettingRefusal(caller: Pick<Caller, 'services' | 'turn'>): Card | undefined {
  if (getChannel(caller.services.db, caller.turn.conversation)?.status === 'vetted') return undefined;
  return message(
    ['A review can be shared only into a vetted conversation, and this one is not. A coordinator can vet it with ', code(`${caller.turn.prefix}channel vet`), ', then share again.'],
    'refusal',
  );
}

/** True when the review is now shown here; otherwise the caller has been told why not. */
export async function shareReviewInto(caller: Caller<MemberActor>, review: Review): Promise<boolean> {
  const { services, turn, actor, respond } = caller;
  const refusal = vettingRefusal(caller);
  if (refusal) {
    await respond.replyPrivately(refusal);
    return false;
  }
  const by = { memberId: actor.member.id, identity: formatIdentity(actor.identity) };
  const shared = shareReview(services.db, review.id, turn.conversation, by, services.clock());
  if (!shared.ok) {
    const why =
      shared.why === 'closed'
        ? message(`${titleOf(review)} was closed in the meantime; there is nothing to share.`)
        : shared.why === 'here'
          ? message([`${titleOf(review)} is already shown here. `, code(`${turn.prefix}checklist ${review.template}`), ' posts its card again.'])
          : message(
              [`This conversation has its own open ${shared.other ? titleOf(shared.other) : 'review of that template'}; close it first (`, code(`${turn.prefix}checklist close ${review.template}`), ') or mark there.'],
              'refusal',
            );
    await respond.replyPrivately(why);
    return false;
  }
  // The new card changes "shown in N conversations" on the others too, so all are redrawn.
  const posted = await postReview(services, review, turn.conversation, { others: true });
  if (!posted.ok) {
    unshareReview(services.db, review.id, turn.conversation);
    await respond.replyPrivately(posted.card);
    return false;
  }
  return true;
}
