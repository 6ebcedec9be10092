// Whether an alert's first copies are still on their way: some not yet settled, or its direct messages
// not yet recorded (their timer has not run). Status ticks, redraw rounds and follow-ups wait on it.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { deliveries, timers } from '../../db/schema.js';
import { batchOf } from './model.js';
import { DIRECT_TIMER } from './use-cases/dispatch.js';

export function stillSending(db: Db | Tx, alertId: number, only?: 'post'): boolean {
  const pending = db
    .select({ n: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(eq(deliveries.batch, batchOf(alertId)), eq(deliveries.status, 'pending'), ...(only ? [eq(deliveries.kind, only)] : [])))
    .get()!.n;
  if (pending > 0 || only) return pending > 0;
  return !!db
    .select({ id: timers.id })
    .from(timers)
    .where(and(eq(timers.kind, DIRECT_TIMER), eq(timers.subject, String(alertId)), eq(timers.status, 'pending')))
    .get();
}
