// Timers in SQLite, the one writer of the timers table: set (or move), cancel, claim with a lease and
// settle. A timer fires once: moved, it fires at its new time only; cancelled or done, never again.
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { timers } from '../../db/schema.js';
import type { TimerTicket } from '../outbox.js';

export type TimerRow = typeof timers.$inferSelect;

export interface TimerSetting {
  /** What × when-relative (`summit-12-r7d`): setting the same key again moves the timer. */
  key: string;
  /** The handler registered with Registry.timer. */
  kind: string;
  subject: string;
  dueAt: Date;
}

export type { TimerTicket };

/** After this many failed runs a timer is given up and marked failed (its handler keeps failing). */
export const MAX_TIMER_ATTEMPTS = 8;

/**
 * Sets a timer, or moves it when the key exists. One that already fired at this very time stays done
 * (setting a schedule again must not repeat it); moved to another time, it is pending again.
 * Call inside the transaction that makes the change it belongs to, then queue the ticket.
 */
export function setTimer(db: Db | Tx, setting: TimerSetting, at: Date): TimerTicket {
  return db.transaction((tx) => {
    const existing = tx.select().from(timers).where(eq(timers.key, setting.key)).get();
    if (!existing) {
      const row = tx
        .insert(timers)
        .values({ key: setting.key, kind: setting.kind, subject: setting.subject, dueAt: setting.dueAt, createdAt: at, updatedAt: at })
        .returning({ id: timers.id })
        .get();
      return { id: row.id, dueAt: setting.dueAt };
    }
    const sameTime = existing.dueAt.getTime() === setting.dueAt.getTime();
    if (existing.status === 'done' && sameTime) return { id: existing.id, dueAt: existing.dueAt };
    tx.update(timers)
      .set({ kind: setting.kind, subject: setting.subject, dueAt: setting.dueAt, status: 'pending', attempts: 0, claimedUntil: null, firedAt: null, lateByMs: null, error: null, updatedAt: at })
      .where(eq(timers.id, existing.id))
      .run();
    return { id: existing.id, dueAt: setting.dueAt };
  });
}

/** Cancels pending timers by key; returns how many were still pending. */
export function cancelTimers(db: Db | Tx, keys: string[], at: Date): number {
  if (keys.length === 0) return 0;
  return db
    .update(timers)
    .set({ status: 'cancelled', claimedUntil: null, updatedAt: at })
    .where(and(inArray(timers.key, keys), eq(timers.status, 'pending')))
    .run().changes;
}

/** Cancels every pending timer of one kind about one subject (a summit cancelled, an alert resolved). */
export function cancelTimersOf(db: Db | Tx, kind: string, subject: string, at: Date): number {
  return db
    .update(timers)
    .set({ status: 'cancelled', claimedUntil: null, updatedAt: at })
    .where(and(eq(timers.kind, kind), eq(timers.subject, subject), eq(timers.status, 'pending')))
    .run().changes;
}

export function getTimer(db: Db | Tx, id: number): TimerRow | undefined {
  return db.select().from(timers).where(eq(timers.id, id)).get();
}

export function timersOf(db: Db | Tx, kind: string, subject: string): TimerRow[] {
  return db.select().from(timers).where(and(eq(timers.kind, kind), eq(timers.subject, subject))).orderBy(timers.dueAt).all();
}

export type TimerClaim = { ok: true; row: TimerRow } | { ok: false; why: 'missing' | 'settled' | 'leased' | 'early' };

/** Takes the lease on a pending timer that is due by `now`. */
export function claimTimer(db: Db, id: number, now: Date, leaseMs: number): TimerClaim {
  return db.transaction((tx) => {
    const row = getTimer(tx, id);
    if (!row) return { ok: false, why: 'missing' } as const;
    if (row.status !== 'pending') return { ok: false, why: 'settled' } as const;
    if (row.claimedUntil && row.claimedUntil.getTime() > now.getTime()) return { ok: false, why: 'leased' } as const;
    if (row.dueAt.getTime() > now.getTime()) return { ok: false, why: 'early' } as const;
    const claimedUntil = new Date(now.getTime() + leaseMs);
    tx.update(timers).set({ claimedUntil, attempts: row.attempts + 1, updatedAt: now }).where(eq(timers.id, id)).run();
    return { ok: true, row: { ...row, claimedUntil, attempts: row.attempts + 1 } } as const;
  });
}

export function finishTimer(db: Db, id: number, lateByMs: number, now: Date): void {
  db.update(timers).set({ status: 'done', firedAt: now, lateByMs, claimedUntil: null, error: null, updatedAt: now }).where(eq(timers.id, id)).run();
}

/** Gives the lease back after the handler failed; after MAX_TIMER_ATTEMPTS the timer is given up. */
export function releaseTimer(db: Db, id: number, error: string, now: Date): 'retry' | 'failed' {
  const row = getTimer(db, id);
  const giveUp = !row || row.attempts >= MAX_TIMER_ATTEMPTS;
  db.update(timers)
    .set({ status: giveUp ? 'failed' : 'pending', claimedUntil: null, error: error.slice(0, 300), updatedAt: now })
    .where(and(eq(timers.id, id), eq(timers.status, 'pending')))
    .run();
  return giveUp ? 'failed' : 'retry';
}

/** Pending timers nobody holds: what reconcile carries to the queue again. */
export function timersToQueue(db: Db, now: Date): TimerTicket[] {
  return db
    .select({ id: timers.id, dueAt: timers.dueAt })
    .from(timers)
    .where(and(eq(timers.status, 'pending'), or(isNull(timers.claimedUntil), lt(timers.claimedUntil, now))))
    .all();
}
