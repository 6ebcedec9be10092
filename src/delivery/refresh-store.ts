// Edits of a posted message, coalesced: a request bumps the message's version and queues a job only
// when none is waiting, so fifty clicks make a handful of edits and the last edit shows all fifty.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { refreshes } from '../../db/schema.js';
import type { RefreshRequest, RefreshTicket } from '../outbox.js';

export type { RefreshRequest, RefreshTicket } from '../outbox.js';

export type RefreshRow = typeof refreshes.$inferSelect;

export function refreshKey(address: string, messageId: string): string {
  return `${address}|${messageId}`;
}

/**
 * Records the request; `queue` says whether the caller must add a job (none is waiting). Works inside a
 * caller's transaction too, so a change and the redraw it owes commit together.
 */
export function requestRefresh(db: Db | Tx, req: RefreshRequest, now: Date): RefreshTicket & { queue: boolean } {
  return db.transaction((tx) => {
    const key = refreshKey(req.address, req.messageId);
    const existing = tx.select().from(refreshes).where(eq(refreshes.key, key)).get();
    if (!existing) {
      const row = tx
        .insert(refreshes)
        .values({ key, address: req.address, messageId: req.messageId, renderer: req.renderer, subject: req.subject, queued: true, updatedAt: now })
        .returning()
        .get();
      return { id: row.id, version: row.version, queue: true };
    }
    tx.update(refreshes)
      .set({ version: sql`${refreshes.version} + 1`, queued: true, renderer: req.renderer, subject: req.subject, updatedAt: now })
      .where(eq(refreshes.id, existing.id))
      .run();
    return { id: existing.id, version: existing.version + 1, queue: !existing.queued };
  });
}

export type RefreshClaim = { ok: true; row: RefreshRow } | { ok: false; why: 'missing' | 'leased' | 'current' };

/** Takes the lease; the job no longer counts as waiting, so new requests queue a follow-up. */
export function claimRefresh(db: Db, id: number, now: Date, leaseMs: number): RefreshClaim {
  return db.transaction((tx) => {
    const row = tx.select().from(refreshes).where(eq(refreshes.id, id)).get();
    if (!row) return { ok: false, why: 'missing' } as const;
    if (row.claimedUntil && row.claimedUntil.getTime() > now.getTime()) return { ok: false, why: 'leased' } as const;
    if (row.renderedVersion >= row.version) {
      tx.update(refreshes).set({ queued: false }).where(eq(refreshes.id, id)).run();
      return { ok: false, why: 'current' } as const;
    }
    const claimedUntil = new Date(now.getTime() + leaseMs);
    tx.update(refreshes).set({ claimedUntil, queued: false, updatedAt: now }).where(eq(refreshes.id, id)).run();
    return { ok: true, row: { ...row, claimedUntil, queued: false } } as const;
  });
}

/**
 * Records what the edit showed. When newer requests arrived and nobody queued them, returns the ticket
 * of the follow-up the caller must queue (the job that ran is still active, so it needs its own id).
 */
export function finishRefresh(db: Db, id: number, rendered: number, outcome: { error?: string }, now: Date): RefreshTicket | undefined {
  return db.transaction((tx) => {
    tx.update(refreshes)
      .set({
        renderedVersion: sql`max(${refreshes.renderedVersion}, ${rendered})`,
        claimedUntil: null,
        edits: outcome.error ? refreshes.edits : sql`${refreshes.edits} + 1`,
        error: outcome.error ?? null,
        updatedAt: now,
      })
      .where(eq(refreshes.id, id))
      .run();
    const row = tx.select().from(refreshes).where(eq(refreshes.id, id)).get();
    if (!row || row.version <= row.renderedVersion || row.queued) return undefined;
    tx.update(refreshes).set({ queued: true }).where(eq(refreshes.id, id)).run();
    return { id, version: row.version };
  });
}

/** Gives the lease back after a failed edit, keeping the request queued for a retry. */
export function releaseRefresh(db: Db, id: number, error: string, now: Date): void {
  db.update(refreshes).set({ claimedUntil: null, queued: true, error: error.slice(0, 300), updatedAt: now }).where(eq(refreshes.id, id)).run();
}

export function getRefresh(db: Db, id: number): RefreshRow | undefined {
  return db.select().from(refreshes).where(eq(refreshes.id, id)).get();
}

/** Messages still owed an edit and not leased: reconcile queues them again. */
export function refreshesOwed(db: Db, now: Date): RefreshTicket[] {
  const rows = db
    .select({ id: refreshes.id, version: refreshes.version })
    .from(refreshes)
    .where(and(gt(refreshes.version, refreshes.renderedVersion), or(isNull(refreshes.claimedUntil), lt(refreshes.claimedUntil, now))))
    .all();
  if (rows.length > 0) {
    db.update(refreshes)
      .set({ queued: true })
      .where(sql`${refreshes.id} in (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`)
      .run();
  }
  return rows;
}

/** Status messages that show a batch: refreshed whenever one of its deliveries settles. */
export function refreshesForSubject(db: Db, subject: string): RefreshRow[] {
  // Asked after every settled delivery, and almost always answered "none": a prepared count first.
  let probe = probes.get(db.$client);
  if (!probe) {
    probe = db.$client.prepare<[string], { n: number }>('SELECT count(*) AS n FROM refreshes WHERE subject = ?');
    probes.set(db.$client, probe);
  }
  if (probe.get(subject)!.n === 0) return [];
  return db.select().from(refreshes).where(eq(refreshes.subject, subject)).all();
}

const probes = new WeakMap<Db['$client'], import('better-sqlite3').Statement<[string], { n: number }>>();
