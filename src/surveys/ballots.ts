// A member's survey cards already in their direct messages (the first one and any reminders), found
// from the delivery ledger, and edited in place once they answer from a form. The edit goes straight
// to the platform, not through the refresh job: an anonymous card then carries the key to its answer,
// which must never be written to SQLite, where the refresh job draws its cards from.
import { and, eq, inArray, isNotNull, like, or } from 'drizzle-orm';
import { deliveries } from '../../db/schema.js';
import type { Card } from '../cards/card.js';
import { formatIdentity } from '../core/identity.js';
import { identitiesOf } from '../members/store.js';
import type { Services } from '../services.js';

/** Where each of the member's survey cards landed (read-only: the delivery ledger's writer is src/delivery/). */
export function ballotsOf(services: Services, surveyId: number, memberId: number): { address: string; messageId: string }[] {
  const targets = identitiesOf(services.db, memberId).map(formatIdentity);
  if (targets.length === 0) return [];
  return services.db
    .select({ address: deliveries.messageAddress, messageId: deliveries.messageId })
    .from(deliveries)
    .where(
      and(
        or(eq(deliveries.batch, `survey-${surveyId}`), like(deliveries.batch, `survey-${surveyId}-remind-%`)),
        inArray(deliveries.target, targets),
        eq(deliveries.status, 'sent'),
        isNotNull(deliveries.messageId),
        isNotNull(deliveries.messageAddress),
      ),
    )
    .all()
    .map((r) => ({ address: r.address!, messageId: r.messageId! }));
}

/** Redraws every card of the member's with `card`; true when at least one was redrawn. */
export async function redrawBallots(services: Services, surveyId: number, memberId: number, card: Card): Promise<boolean> {
  let redrawn = false;
  for (const b of ballotsOf(services, surveyId, memberId)) {
    try {
      await services.messenger.update(b.address, b.messageId, card);
      redrawn = true;
    } catch (err) {
      services.log.info({ err: err instanceof Error ? err.message : err, survey: surveyId }, 'could not redraw a survey card');
    }
  }
  return redrawn;
}
