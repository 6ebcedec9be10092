// The delivery ledger's hot path as prepared statements, one set per database connection: a batch is
// written with one statement per row in one transaction, and workers read, lease and settle a chunk of
// rows in one transaction each. Building each query afresh cost more than the send itself.
import type Database from 'better-sqlite3';
import type { Db, Tx } from '../../db/client.js';
import type { deliveries } from '../../db/schema.js';

type DeliveryRow = typeof deliveries.$inferSelect;

export interface RawRow {
  id: number;
  key: string;
  batch: string;
  kind: string;
  target: string;
  card: string;
  status: string;
  attempts: number;
  unknown_attempts: number;
  claimed_until: number | null;
  claimed_by: string | null;
  not_before: number | null;
  pace_slot: number | null;
  message_id: string | null;
  message_address: string | null;
  error: string | null;
  created_at: number;
  settled_at: number | null;
  updated_at: number;
}

/** A list of ids travels as one JSON parameter, so one prepared statement serves every chunk size. */
const IDS = 'SELECT value FROM json_each(?)';

export interface HotStatements {
  insert: Database.Statement<[string, string, string, string, string, number, number]>;
  pendingOfBatch: Database.Statement<[string], { id: number }>;
  many: Database.Statement<[string], RawRow>;
  routing: Database.Statement<[string], { id: number; batch: string; kind: string; target: string }>;
  /** Rows whose lease ran out with their fate unknown once already: no third try, reported unconfirmed. */
  expireUnknown: Database.Statement<[{ now: number; ids: string; max: number }], { id: number; batch: string }>;
  claim: Database.Statement<[{ until: number; by: string; now: number; ids: string }], RawRow>;
  sent: Database.Statement<[string, string, number, number, number]>;
  settle: Database.Statement<[string, string, number, number, number]>;
  release: Database.Statement<[number, string, number, number, number]>;
  pendingCount: Database.Statement<[string], { n: number }>;
  report: Database.Statement<[string], { target: string; kind: string; status: string; messageId: string | null; error: string | null; unknownAttempts: number }>;
  /** A pace slot reserved for a row that waits for it. */
  slot: Database.Statement<[number, number]>;
  /** A reserved slot given up (a 429 came first): the row asks for a new one after `not_before`. */
  unslot: Database.Statement<[number, number]>;
}

const cache = new WeakMap<Database.Database, HotStatements>();

/**
 * The connection behind a Drizzle handle, or behind a transaction handle (whose statements run on the
 * same connection, so raw statements executed there belong to the caller's transaction).
 */
export function clientOf(db: Db | Tx): Database.Database {
  if ('$client' in db) return db.$client;
  const client = (db as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client || typeof client.prepare !== 'function') throw new Error('no SQLite connection behind this database handle');
  return client;
}

export function hot(db: Db | Tx): HotStatements {
  const client = clientOf(db);
  let s = cache.get(client);
  if (!s) {
    s = {
      insert: client.prepare(
        "INSERT INTO deliveries (key, batch, kind, target, card, status, attempts, unknown_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?) ON CONFLICT(key) DO NOTHING",
      ),
      pendingOfBatch: client.prepare("SELECT id FROM deliveries WHERE batch = ? AND status = 'pending' ORDER BY id"),
      many: client.prepare(`SELECT * FROM deliveries WHERE id IN (${IDS}) ORDER BY id`),
      routing: client.prepare(`SELECT id, batch, kind, target FROM deliveries WHERE id IN (${IDS}) ORDER BY id`),
      expireUnknown: client.prepare(
        `UPDATE deliveries SET status = 'unconfirmed', unknown_attempts = unknown_attempts + 1, claimed_until = NULL,
           error = 'no confirmation after a repeat', settled_at = @now, updated_at = @now
         WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND claimed_until IS NOT NULL
           AND claimed_until <= @now AND unknown_attempts + 1 >= @max
         RETURNING id, batch`,
      ),
      // SET reads the row as it was: a lease that ran out unsettled counts as one unknown attempt.
      claim: client.prepare(
        `UPDATE deliveries SET claimed_until = @until, claimed_by = @by, attempts = attempts + 1, pace_slot = NULL,
           unknown_attempts = unknown_attempts + (claimed_until IS NOT NULL), updated_at = @now
         WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= @now)
         RETURNING *`,
      ),
      sent: client.prepare(
        "UPDATE deliveries SET status = 'sent', message_id = ?, message_address = ?, claimed_until = NULL, error = NULL, settled_at = ?, updated_at = ? WHERE id = ?",
      ),
      settle: client.prepare('UPDATE deliveries SET status = ?, error = ?, claimed_until = NULL, settled_at = ?, updated_at = ? WHERE id = ?'),
      release: client.prepare(
        "UPDATE deliveries SET claimed_until = NULL, pace_slot = NULL, not_before = ?, error = ?, unknown_attempts = unknown_attempts + ?, updated_at = ? WHERE id = ? AND status = 'pending'",
      ),
      slot: client.prepare("UPDATE deliveries SET pace_slot = ? WHERE id = ? AND status = 'pending'"),
      pendingCount: client.prepare("SELECT count(*) AS n FROM deliveries WHERE batch = ? AND status = 'pending'"),
      report: client.prepare(
        'SELECT target, kind, status, message_id AS messageId, error, unknown_attempts AS unknownAttempts FROM deliveries WHERE batch = ? ORDER BY id',
      ),
      unslot: client.prepare("UPDATE deliveries SET pace_slot = NULL, not_before = ? WHERE id = ? AND status = 'pending'"),
    };
    cache.set(client, s);
  }
  return s;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** `cards` shares one parsed card among rows with the same text (a batch's rows all carry one card). */
export function toRow(r: RawRow, cards?: Map<string, Record<string, unknown>>): DeliveryRow {
  let card = cards?.get(r.card);
  if (!card) {
    card = JSON.parse(r.card) as Record<string, unknown>;
    cards?.set(r.card, card);
  }
  return {
    id: r.id,
    key: r.key,
    batch: r.batch,
    kind: r.kind,
    target: r.target,
    card,
    status: r.status,
    attempts: r.attempts,
    unknownAttempts: r.unknown_attempts,
    claimedUntil: date(r.claimed_until),
    claimedBy: r.claimed_by,
    notBefore: date(r.not_before),
    paceSlot: date(r.pace_slot),
    messageId: r.message_id,
    messageAddress: r.message_address,
    error: r.error,
    createdAt: new Date(r.created_at),
    settledAt: date(r.settled_at),
    updatedAt: new Date(r.updated_at),
  };
}
