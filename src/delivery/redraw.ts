// Redraw on change: a store change that alters what a posted card shows records the redraws it owes in
// its own transaction and returns them; `redraw` queues them. A caller that dropped the value would
// only delay the edit to the next reconcile pass, which queues every redraw still owed in SQLite.
import type { Tx } from '../../db/client.js';
import type { RefreshRequest, RefreshTicket } from '../outbox.js';
import type { Services } from '../services.js';
import { requestRefresh } from './refresh-store.js';

/** The redraws a change owes its posted cards, already recorded in SQLite. */
export interface Redraw {
  readonly owed: readonly (RefreshTicket & { queue: boolean })[];
}

export const NOTHING_TO_REDRAW: Redraw = { owed: [] };

/** Records, inside the change's transaction, that these messages must be drawn again. */
export function oweRedraws(tx: Tx, requests: readonly RefreshRequest[], at: Date): Redraw {
  return { owed: requests.map((request) => requestRefresh(tx, request, at)) };
}

/** Both changes' redraws. */
export function andRedraw(a: Redraw, b: Redraw): Redraw {
  return { owed: [...a.owed, ...b.owed] };
}

/**
 * Queues the redraws a change owes. False when some wait for the queue (Redis down) — the caller may
 * say so (QUEUE_DOWN_NOTE); they are sent when it is back. Never waits on Redis for long.
 */
export async function redraw(services: Services, change: Redraw): Promise<boolean> {
  let queued = true;
  for (const ticket of change.owed) {
    try {
      queued = (await services.outbox.queueRefresh(ticket)) && queued;
    } catch (err) {
      services.log.warn({ err }, 'could not queue a redraw now; reconcile will');
      queued = false;
    }
  }
  return queued;
}
