// The delivery ledger in SQLite: rows are written before any job, claimed with a lease while a worker
// sends, and settled by the platform's definite answer, a chunk of rows per transaction. The queue can
// be lost; this cannot.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import type { Card } from '../cards/card.js';
import { clientOf, hot, type WaitingRow } from './statements.js';

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
 * One prepared statement, one transaction (a savepoint inside a caller's): 2,000 rows take a few
 * milliseconds, so a Send can commit them all before Redis is touched and still start at once.
 */
export function recordDeliveries(db: Tx | Db, batch: string, items: DeliveryItem[], at: Date): number[] {
  const statements = hot(db);
  const when = at.getTime();
  // A batch's items usually share one card: serialised once, not once per row.
  const texts = new Map<Card, string>();
  // Rows of one platform get neighbouring ids, so the engine's chunks (one platform each) come out full.
  const byPlatform = new Map<string, DeliveryItem[]>();
  for (const item of items) {
    const platform = item.target.slice(0, item.target.indexOf(':'));
    const list = byPlatform.get(platform);
    if (list) list.push(item);
    else byPlatform.set(platform, [item]);
  }
  return clientOf(db).transaction(() => {
    for (const item of [...byPlatform.values()].flat()) {
      let card = texts.get(item.card);
      if (card === undefined) {
        card = JSON.stringify(item.card);
        texts.set(item.card, card);
      }
      statements.insert.run(deliveryKey(batch, item), batch, item.kind, item.target, card, when, when);
    }
    return statements.pendingOfBatch.all(batch).map((r) => r.id);
  })();
}

export type { WaitingRow };

/** A row leased to this process, with what sending it needs. */
export interface ClaimedRow {
  id: number;
  batch: string;
  kind: string;
  target: string;
  card: Card;
  /** Counted with this attempt. */
  attempts: number;
  unknownAttempts: number;
}

/** The pending rows among these ids (in id order). */
export function waitingRows(db: Db, ids: readonly number[]): WaitingRow[] {
  return hot(db).waiting.all(JSON.stringify(ids));
}

/** Where each row goes, without its card: what the engine needs to cut a batch into jobs. */
export function routingOf(db: Db, ids: readonly number[]): { id: number; batch: string; kind: string; target: string }[] {
  return hot(db).routing.all(JSON.stringify(ids));
}

/**
 * The card a worker parsed last, kept between claims: a batch's rows share one card, so SQLite is asked
 * for the text only when a row's differs, and it is parsed once.
 */
export class CardMemo {
  private text = '';
  private card: Card | undefined;

  /** The text rows are compared with ('' before the first). */
  get current(): string {
    return this.text;
  }

  cardOf(text: string | null): Card {
    // Null: the same text as `current` (the first claim of a batch gets its text on every row).
    if (text === null || text === this.text) return this.card!;
    this.text = text;
    this.card = JSON.parse(text) as Card;
    return this.card;
  }
}

export interface ClaimResult {
  /** Leased to this process now, to be sent and settled. */
  claimed: ClaimedRow[];
  /** Leased by a worker that died after a repeat already: not tried a third time, now unconfirmed. */
  unconfirmed: { id: number; batch: string }[];
}

/**
 * Takes the lease on those of `rows` that are pending and not leased, in one transaction. A row whose
 * earlier lease ran out unsettled was being sent when its worker died: whether that post landed is
 * unknown, and it counts as an unknown attempt. Rows settled or leased elsewhere are left out.
 */
export function claimDeliveries(db: Db, rows: readonly WaitingRow[], now: Date, leaseMs: number, by: string, cards: CardMemo): ClaimResult {
  if (rows.length === 0) return { claimed: [], unconfirmed: [] };
  const statements = hot(db);
  const json = JSON.stringify(rows.map((r) => r.id));
  const at = now.getTime();
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Only a row seen leased can have a lease that ran out; the claim itself never takes a row to a third
  // try, so a lease that ran out since it was read waits for the next look.
  const expire = rows.some((r) => r.claimedUntil !== null);
  // IMMEDIATE: the write lock first, so two processes claiming at once queue on busy_timeout instead
  // of one failing to upgrade a read.
  return db.$client
    .transaction((): ClaimResult => {
      const unconfirmed = expire ? statements.expireUnknown.all({ now: at, ids: json, max: MAX_UNKNOWN_ATTEMPTS }) : [];
      const claimed = statements.claim.all({ until: at + leaseMs, by, now: at, ids: json, max: MAX_UNKNOWN_ATTEMPTS, card: cards.current }).map((r): ClaimedRow => {
        const row = byId.get(r.id)!;
        return { id: r.id, batch: row.batch, kind: row.kind, target: row.target, card: cards.cardOf(r.card), attempts: r.attempts, unknownAttempts: r.unknown_attempts };
      });
      return { claimed, unconfirmed };
    })
    .immediate();
}

/** How one send ended, as the ledger records it. */
export type Settlement =
  | { id: number; outcome: 'sent'; messageId: string; address: string }
  | { id: number; outcome: 'failed' | 'unconfirmed'; reason: string }
  /** Lease given back for a later try; `unknown` counts an attempt whose fate is not known. */
  | { id: number; outcome: 'retry'; notBefore: Date; reason: string; unknown: boolean };

/** Records the pace slots reserved for rows that wait for them (one transaction for a chunk). */
export function recordSlots(db: Db, slots: readonly { id: number; slot: number }[]): void {
  if (slots.length === 0) return;
  const statements = hot(db);
  db.$client.transaction(() => {
    for (const s of slots) statements.slot.run(s.slot, s.id);
  }).immediate();
}

/** Gives up reserved slots that a 429's Retry-After overtook: each row asks again after `until`. */
export function dropSlots(db: Db, ids: readonly number[], until: Date): void {
  if (ids.length === 0) return;
  const statements = hot(db);
  db.$client.transaction(() => {
    for (const id of ids) statements.unslot.run(until.getTime(), id);
  }).immediate();
}

/** Records a group of outcomes in one transaction. */
export function settleDeliveries(db: Db, settlements: readonly Settlement[], now: Date): void {
  if (settlements.length === 0) return;
  const statements = hot(db);
  const at = now.getTime();
  db.$client
    .transaction(() => {
      for (const s of settlements) {
        if (s.outcome === 'sent') statements.sent.run(s.messageId, s.address, at, at, s.id);
        else if (s.outcome === 'retry') statements.release.run(s.notBefore.getTime(), s.reason.slice(0, 300), s.unknown ? 1 : 0, at, s.id);
        else statements.settle.run(s.outcome, s.reason.slice(0, 300), at, at, s.id);
      }
    })
    .immediate();
}

export interface PendingRow {
  id: number;
  batch: string;
  kind: string;
  target: string;
  notBefore: Date | null;
  paceSlot: Date | null;
  attempts: number;
  leaseExpired: boolean;
}

/** Pending rows nobody holds: what reconcile puts back on the queue. */
export function unleasedPending(db: Db, now: Date): PendingRow[] {
  return hot(db)
    .unleased.all(now.getTime())
    .map((r) => ({
      id: r.id,
      batch: r.batch,
      kind: r.kind,
      target: r.target,
      notBefore: r.not_before === null ? null : new Date(r.not_before),
      paceSlot: r.pace_slot === null ? null : new Date(r.pace_slot),
      attempts: r.attempts,
      leaseExpired: r.leased === 1,
    }));
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
  return hot(db).pendingCount.get(batch)!.n;
}

/** A batch's progress without a line per row: what a status message shows while thousands are sent. */
export interface BatchSummary {
  batch: string;
  total: number;
  sent: number;
  pending: number;
  failed: { target: string; reason: string }[];
  unconfirmed: { target: string; reason: string }[];
  /** Sent, after a first attempt whose fate was unknown: these may have arrived twice. */
  repeated: string[];
  settled: boolean;
}

export interface DeliveryReport extends BatchSummary {
  /** Per conversation (or recipient): its status and, once sent, the message id. */
  rows: { target: string; kind: string; status: DeliveryStatus; messageId: string | null; error: string | null }[];
}

/**
 * The summary from counts and the few rows worth naming: a status message is redrawn many times while
 * its batch is sent, and reading every row for it each time cost more than the sends it reports on.
 */
export function batchSummary(db: Db | Tx, batch: string): BatchSummary {
  const { total, sent, pending } = statusCounts(db, batch);
  return { batch, total, sent, pending, ...namedRows(problemRows(db, batch)), settled: total > 0 && pending === 0 };
}

/** A row as a status line judges it. */
type JudgedRow = { target: string; status: string; error: string | null; unknownAttempts: number };

/** Sorts rows into those a status line names: failed, unconfirmed, and sent after a repeat (may have arrived twice). */
function namedRows(rows: Iterable<JudgedRow>): Pick<BatchSummary, 'failed' | 'unconfirmed' | 'repeated'> {
  const named: Pick<BatchSummary, 'failed' | 'unconfirmed' | 'repeated'> = { failed: [], unconfirmed: [], repeated: [] };
  for (const r of rows) {
    if (r.status === 'sent' && r.unknownAttempts > 0) named.repeated.push(r.target);
    else if (r.status === 'failed') named.failed.push({ target: r.target, reason: r.error ?? 'failed' });
    else if (r.status === 'unconfirmed') named.unconfirmed.push({ target: r.target, reason: r.error ?? 'unconfirmed' });
  }
  return named;
}

/** A batch's rows (or one kind of them) counted by status, in SQL. */
export function statusCounts(db: Db | Tx, batch: string, kind?: DeliveryItem['kind']): { total: number; sent: number; pending: number } {
  let total = 0;
  let sent = 0;
  let pending = 0;
  for (const c of hot(db).counts.all({ batch, kind: kind ?? null })) {
    total += c.n;
    if (c.status === 'sent') sent = c.n;
    else if (c.status === 'pending') pending = c.n;
  }
  return { total, sent, pending };
}

/** The rows a status line names, in id order: failed, unconfirmed, and sent after a repeat (status 'sent'). */
export function problemRows(db: Db | Tx, batch: string, kind?: DeliveryItem['kind']): (JudgedRow & { status: DeliveryStatus })[] {
  return hot(db).problems.all({ batch, kind: kind ?? null }) as (JudgedRow & { status: DeliveryStatus })[];
}

/** Read whenever a status message is redrawn (a batch of thousands, while it is being sent): one prepared statement. */
export function deliveryReport(db: Db | Tx, batch: string): DeliveryReport {
  const rows = hot(db).report.all(batch);
  const sent = rows.filter((r) => r.status === 'sent').length;
  const pending = rows.filter((r) => r.status === 'pending').length;
  return {
    batch,
    total: rows.length,
    sent,
    pending,
    ...namedRows(rows),
    rows: rows.map((r) => ({ target: r.target, kind: r.kind, status: r.status as DeliveryStatus, messageId: r.messageId, error: r.error })),
    settled: rows.length > 0 && pending === 0,
  };
}
