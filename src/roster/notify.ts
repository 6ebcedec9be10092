// Direct messages the roster sends (join requests to coordinators, outcomes to members), always through
// the delivery engine: one delivery row per recipient, keyed by an occasion so a retry never sends twice.
import type { Card } from '../cards/card.js';
import type { Services } from '../services.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import type { DeliveryItem } from '../delivery/store.js';
import { dmTargetOf } from '../members/reach.js';

/** Records the DMs and queues them; returns how many. */
export async function deliver(services: Services, batch: string, items: DeliveryItem[]): Promise<number> {
  await sendBatch(services, batch, items);
  return items.length;
}

/** DMs a member on the platform they are reached on; false when the bot cannot reach them. */
export async function tellMember(services: Services, batch: string, memberId: number, card: Card): Promise<boolean> {
  const target = dmTargetOf(services, memberId);
  if (!target) return false;
  await deliver(services, batch, [dmItem(target, card)]);
  return true;
}
