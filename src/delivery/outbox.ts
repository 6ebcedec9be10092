// The Outbox port: how features hand proactive messages and message edits to the delivery engine
// (jobs/) without importing it. Rows go to SQLite first; the queue only carries work in flight.
import type { Card } from '../cards/card.js';
import type { Services } from '../commands/context.js';
import type { RefreshRequest, RefreshTicket } from './refresh-store.js';
import { recordDeliveries, type DeliveryItem } from './store.js';
import type { TimerTicket } from '../timers/store.js';

/**
 * Every method answers promptly even while Redis is down (it never waits on a reconnect): `true` when
 * the work is queued now, `false` when it waits in SQLite for the engine's next reconcile pass.
 */
export interface Outbox {
  /** Queues delivery rows already recorded in SQLite. */
  enqueue(ids: number[]): Promise<boolean>;
  /** Asks for a posted message to be redrawn from SQLite; requests for one message coalesce. */
  refresh(request: RefreshRequest): Promise<boolean>;
  /** Queues a redraw already recorded with `requestRefresh` (in the caller's own transaction). */
  queueRefresh(ticket: RefreshTicket & { queue: boolean }): Promise<boolean>;
  /** Carries timers set in SQLite (src/timers/store.ts) to their time. */
  queueTimers(tickets: TimerTicket[]): Promise<boolean>;
}

/** The line to add to an answer when work was recorded but could not be queued yet. */
export const QUEUE_DOWN_NOTE = 'The delivery queue is down for the moment: this is recorded, and delivery resumes as soon as the queue is back.';

/**
 * Records one delivery per item and queues them. If Redis is down, or this process runs no delivery
 * engine (a console run beside a bot on the same database), the rows stay pending in SQLite and the
 * next reconcile pass of an engine queues them, so the caller is not told it failed.
 */
export async function sendBatch(services: Services, batch: string, items: DeliveryItem[]): Promise<number[]> {
  if (items.length === 0) return [];
  const ids = recordDeliveries(services.db, batch, items, services.clock());
  await queueRecorded(services, batch, ids);
  return ids;
}

/** Queues rows recorded in SQLite; false when they wait there for a reconcile pass. Never throws. */
export async function queueRecorded(services: Services, batch: string, ids: number[]): Promise<boolean> {
  if (!services.outbox) {
    services.log.warn({ batch }, 'no delivery engine in this process; the messages wait in SQLite for one');
    return false;
  }
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
