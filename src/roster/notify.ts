// Direct messages the roster sends (join requests to coordinators, outcomes to members), always through
// the delivery engine: one delivery row per recipient, keyed by an occasion so a retry never sends twice.
import type { Card } from '../cards/card.js';
import type { Services } from '../commands/context.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { recordDeliveries, type DeliveryItem } from '../delivery/store.js';
import { activeCoordinatorIds, dmTargetOf } from '../members/reach.js';

/**
 * Records the DMs and queues them. A process without a delivery engine (a console run beside a bot on
 * the same database) leaves them pending in SQLite, where the engine's reconcile pass picks them up.
 */
export async function deliver(services: Services, batch: string, items: DeliveryItem[]): Promise<number> {
  if (items.length === 0) return 0;
  if (!services.outbox) {
    recordDeliveries(services.db, batch, items, services.clock());
    services.log.warn({ batch }, 'no delivery engine in this process; the messages wait in SQLite for one');
    return items.length;
  }
  await sendBatch(services, batch, items);
  return items.length;
}

/** DMs every active coordinator (but `except`, who is acting and hears it in the reply). Returns how many. */
export async function tellCoordinators(services: Services, batch: string, card: Card, options: { except?: number } = {}): Promise<number> {
  const targets = activeCoordinatorIds(services)
    .filter((id) => id !== options.except)
    .map((id) => dmTargetOf(services, id))
    .filter((t): t is string => t !== undefined);
  if (targets.length === 0) services.log.warn({ batch }, 'no coordinator can be reached by direct message');
  return deliver(services, batch, targets.map((t) => dmItem(t, card)));
}

/** DMs a member on the platform they are reached on; false when the bot cannot reach them. */
export async function tellMember(services: Services, batch: string, memberId: number, card: Card): Promise<boolean> {
  const target = dmTargetOf(services, memberId);
  if (!target) return false;
  await deliver(services, batch, [dmItem(target, card)]);
  return true;
}
