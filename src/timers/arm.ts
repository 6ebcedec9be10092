// Hands timers already set in SQLite to the queue. Never throws and never waits on Redis for long: a
// timer the queue did not take now is carried there by the next reconcile pass.
import type { Services } from '../services.js';
import type { TimerTicket } from './store.js';

export async function armTimers(services: Services, tickets: TimerTicket[]): Promise<boolean> {
  if (tickets.length === 0) return true;
  if (!services.outbox) return false;
  try {
    return await services.outbox.queueTimers(tickets);
  } catch (err) {
    services.log.warn({ err: err instanceof Error ? err.message : err }, 'could not queue timers now; reconcile will');
    return false;
  }
}
