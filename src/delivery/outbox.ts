// Handing proactive messages to the delivery engine: one delivery row per item in SQLite first, then the
// queue (the Outbox port, src/outbox.ts). Rows that cannot be queued now wait for the next reconcile.
import type { Card } from '../cards/card.js';
import type { Services } from '../services.js';
import { recordDeliveries, type DeliveryItem } from './store.js';

/** The line to add to an answer when work was recorded but could not be queued yet. */
export const QUEUE_DOWN_NOTE = 'The delivery queue is down for the moment: this is recorded, and delivery resumes as soon as the queue is back.';

/**
 * Records one delivery per item and queues them. If Redis is down the rows stay pending in SQLite and
 * the engine's next reconcile pass queues them, so the caller is not told it failed.
 */
export async function sendBatch(services: Services, batch: string, items: DeliveryItem[]): Promise<number[]> {
  if (items.length === 0) return [];
  const ids = recordDeliveries(services.db, batch, items, services.clock());
  await queueRecorded(services, batch, ids);
  return ids;
}

/** Queues rows recorded in SQLite; false when they wait there for a reconcile pass. Never throws. */
export async function queueRecorded(services: Services, batch: string, ids: number[]): Promise<boolean> {
  try {
    return await services.outbox.enqueue(ids);
  } catch (err) {
    services.log.warn({ err, batch }, 'could not queue deliveries now; reconcile will');
    return false;
  }
}

export function postItem(address: string, card: Card): DeliveryItem {
  return { kind: 'post', target: address, card };
}

export function dmItem(identity: string, card: Card): DeliveryItem {
  return { kind: 'dm', target: identity, card };
}
