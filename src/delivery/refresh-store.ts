// Edits of a posted message, coalesced: a request bumps the message's version and queues a job only
// when none is waiting, so fifty clicks make a handful of edits and the last edit shows all fifty.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from '../../db/client.js';
import { refreshes } from '../../db/schema.js';
import type { RefreshRequest, RefreshTicket } from '../outbox.js';
import { clientOf } from './statements.js';

export type { RefreshRequest, RefreshTicket } from '../outbox.js';

export type RefreshRow = typeof refreshes.$inferSelect;

export function refreshKey(address: string, messageId: string): string {
  return `${address}|${messageId}`;
}

interface RequestStatements {
  find: Statement<[string], { id: number; version: number; queued: number }>;
  insert: Statement<[string, string, string, string, string, number], { id: number; version: number }>;
  bump: Statement<[string, string, number, number]>;
  bySubject: Statement<[string], { address: string; messageId: string; renderer: string; subject: string }>;
}

const prepared = new WeakMap<Database.Database, RequestStatements>();

/**
 * Prepared once per connection: a fan-out asks for its status message's redraw after every group of
 * settled rows (a hundred and more times a batch), and building these queries afresh each time cost
 * about a twentieth of a millisecond per delivery.
 */
function statementsOf(db: Db | Tx): RequestStatements {
  const client = clientOf(db);
  let s = prepared.get(client);
  if (!s) {
    s = {
      find: client.prepare('SELECT id, version, queued FROM refreshes WHERE key = ?'),
      insert: client.prepare(
        'INSERT INTO refreshes (key, address, message_id, renderer, subject, queued, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING id, version',
      ),
      bump: client.prepare('UPDATE refreshes SET version = version + 1, queued = 1, renderer = ?, subject = ?, updated_at = ? WHERE id = ?'),
      bySubject: client.prepare('SELECT address, message_id AS messageId, renderer, subject FROM refreshes WHERE subject = ? ORDER BY id'),
    };
    prepared.set(client, s);
  }
  return s;
}

/**
 * Records the request; `queue` says whether the caller must add a job (none is waiting). Works inside a
 * caller's transaction too (a savepoint there), so a change and the redraw it owes commit together.
 */
export function requestRefresh(db: Db | Tx, req: RefreshRequest, now: Date): RefreshTicket & { queue: boolean } {
  const statements = statementsOf(db);
  return clientOf(db).transaction(() => {
    const key = refreshKey(req.address, req.messageId);
    const existing = statements.find.get(key);
    if (!existing) {
      const row = statements.insert.get(key, req.address, req.messageId, req.renderer, req.subject, now.getTime())!;
      return { id: row.id, version: row.version, queue: true };
    }
    statements.bump.run(req.renderer, req.subject, now.getTime(), existing.id);
    return { id: existing.id, version: existing.version + 1, queue: !existing.queued };
  })();
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
export function refreshesForSubject(db: Db, subject: string): { address: string; messageId: string; renderer: string; subject: string }[] {
  // Asked after every group of settled deliveries: one prepared statement on an index.
  return statementsOf(db).bySubject.all(subject);
}
