// The delivery ledger in SQLite: rows are written before any job, claimed with a lease while a worker
// sends, and settled by the platform's definite answer. The queue can be lost; this cannot.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import type { Card } from '../cards/card.js';
import { hot, toRow } from './statements.js';

export type DeliveryRow = typeof deliveries.$inferSelect;
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'unconfirmed';

export interface DeliveryItem {
  /** post: `target` is a conversation address; dm: `target` is a platform identity string. */
  kind: 'post' | 'dm';
  target: string;
  card: Card;
}

/** An unconfirmed post may have been delivered; one repeat of it is allowed, never two. */
export const MAX_UNKNOWN_ATTEMPTS = 2;

export function deliveryKey(batch: string, item: Pick<DeliveryItem, 'kind' | 'target'>): string {
  return `${batch}|${item.kind}|${item.target}`;
}

/**
 * Writes one row per item (what × where); an item already recorded for this batch is left as it is,
 * so asking twice never sends twice. Returns the ids of every row of the batch still pending.
 */
export function recordDeliveries(db: Tx | Db, batch: string, items: DeliveryItem[], at: Date): number[] {
  // One transaction for the whole batch (a savepoint inside a caller's): all rows or none, and one
  // commit instead of one per row.
  return db.transaction((tx) => {
    for (const item of items) {
      tx.insert(deliveries)
        .values({
          key: deliveryKey(batch, item),
          batch,
          kind: item.kind,
          target: item.target,
          card: item.card as unknown as Record<string, unknown>,
          createdAt: at,
          updatedAt: at,
        })
        .onConflictDoNothing({ target: deliveries.key })
        .run();
    }
    return tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.batch, batch), eq(deliveries.status, 'pending')))
      .all()
      .map((r) => r.id);
  });
}

export function getDelivery(db: Db, id: number): DeliveryRow | undefined {
  const raw = hot(db).get.get(id);
  return raw ? toRow(raw) : undefined;
}

export type Claim =
  | { ok: true; row: DeliveryRow }
  | { ok: false; why: 'missing' | 'settled' | 'leased' | 'unconfirmed' };

/**
 * Takes the lease on a pending row. A row whose earlier lease ran out unsettled was being sent when
 * its worker died: whether that post landed is unknown, and it counts as an unknown attempt.
 */
export function claimDelivery(db: Db, id: number, now: Date, leaseMs: number): Claim {
  const statements = hot(db);
  return db.$client.transaction((): Claim => {
    const raw = statements.get.get(id);
    if (!raw) return { ok: false, why: 'missing' };
    const row = toRow(raw);
    if (row.status !== 'pending') return { ok: false, why: 'settled' };
    if (row.claimedUntil && row.claimedUntil.getTime() > now.getTime()) return { ok: false, why: 'leased' };
    const unknown = row.unknownAttempts + (row.claimedUntil ? 1 : 0);
    if (unknown >= MAX_UNKNOWN_ATTEMPTS) {
      db.update(deliveries)
        .set({ status: 'unconfirmed', unknownAttempts: unknown, claimedUntil: null, error: 'no confirmation after a repeat', settledAt: now, updatedAt: now })
        .where(eq(deliveries.id, id))
        .run();
      return { ok: false, why: 'unconfirmed' };
    }
    const claimedUntil = new Date(now.getTime() + leaseMs);
    statements.claim.run(claimedUntil.getTime(), row.attempts + 1, unknown, now.getTime(), id);
    return { ok: true, row: { ...row, claimedUntil, attempts: row.attempts + 1, unknownAttempts: unknown } };
  })();
}

export function markSent(db: Db, id: number, sent: { messageId: string; address: string }, now: Date): void {
  hot(db).sent.run(sent.messageId, sent.address, now.getTime(), now.getTime(), id);
}

export function markSettled(db: Db, id: number, status: 'failed' | 'unconfirmed', reason: string, now: Date): void {
  db.update(deliveries)
    .set({ status, error: reason.slice(0, 300), claimedUntil: null, settledAt: now, updatedAt: now })
    .where(eq(deliveries.id, id))
    .run();
}

/** Gives the lease back for a later try; `unknown` counts an attempt whose fate is not known. */
export function releaseForRetry(db: Db, id: number, opts: { notBefore: Date; reason: string; unknown: boolean; now: Date }): DeliveryRow | undefined {
  return db
    .update(deliveries)
    .set({
      claimedUntil: null,
      notBefore: opts.notBefore,
      error: opts.reason.slice(0, 300),
      unknownAttempts: opts.unknown ? sql`${deliveries.unknownAttempts} + 1` : deliveries.unknownAttempts,
      updatedAt: opts.now,
    })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, 'pending')))
    .returning()
    .get();
}

export function setNotBefore(db: Db, id: number, notBefore: Date): void {
  db.update(deliveries).set({ notBefore }).where(eq(deliveries.id, id)).run();
}

/** Pending rows nobody holds: what reconcile puts back on the queue. */
export function unleasedPending(db: Db, now: Date): { id: number; notBefore: Date | null; attempts: number; leaseExpired: boolean }[] {
  return db
    .select({ id: deliveries.id, notBefore: deliveries.notBefore, attempts: deliveries.attempts, leaseExpired: sql<boolean>`${deliveries.claimedUntil} is not null` })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), or(isNull(deliveries.claimedUntil), lt(deliveries.claimedUntil, now))))
    .all();
}

/** When the earliest lease on a pending row runs out: its worker may have died, and it must be reclaimed then. */
export function nextLeaseExpiry(db: Db, now: Date): Date | undefined {
  const row = db
    .select({ at: sql<number>`min(${deliveries.claimedUntil})` })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), gt(deliveries.claimedUntil, now)))
    .get();
  return row?.at ? new Date(row.at) : undefined;
}

/** How many of a batch's rows are still pending: a cheap question to ask often. */
export function pendingCount(db: Db, batch: string): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(deliveries)
    .where(and(eq(deliveries.batch, batch), eq(deliveries.status, 'pending')))
    .get()!.n;
}

export interface DeliveryReport {
  batch: string;
  total: number;
  sent: number;
  pending: number;
  failed: { target: string; reason: string }[];
  unconfirmed: { target: string; reason: string }[];
  /** Sent, after a first attempt whose fate was unknown: these may have arrived twice. */
  repeated: string[];
  /** Per conversation (or recipient): its status and, once sent, the message id. */
  rows: { target: string; kind: string; status: DeliveryStatus; messageId: string | null; error: string | null }[];
  settled: boolean;
}

export function deliveryReport(db: Db | Tx, batch: string): DeliveryReport {
  const rows = db
    .select({ target: deliveries.target, kind: deliveries.kind, status: deliveries.status, messageId: deliveries.messageId, error: deliveries.error, unknownAttempts: deliveries.unknownAttempts })
    .from(deliveries)
    .where(eq(deliveries.batch, batch))
    .orderBy(deliveries.id)
    .all()
    .map((r) => ({ ...r, status: r.status as DeliveryStatus }));
  const of = (s: DeliveryStatus) => rows.filter((r) => r.status === s);
  const pending = of('pending').length;
  return {
    batch,
    total: rows.length,
    sent: of('sent').length,
    pending,
    failed: of('failed').map((r) => ({ target: r.target, reason: r.error ?? 'failed' })),
    unconfirmed: of('unconfirmed').map((r) => ({ target: r.target, reason: r.error ?? 'unconfirmed' })),
    repeated: of('sent').filter((r) => r.unknownAttempts > 0).map((r) => r.target),
    rows: rows.map(({ unknownAttempts: _u, ...r }) => r),
    settled: rows.length > 0 && pending === 0,
  };
}
