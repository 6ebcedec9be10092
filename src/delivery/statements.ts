// The delivery ledger's hot path as prepared statements, one set per database connection: a batch is
// written with one statement per row in one transaction, and workers read, lease and settle a chunk of
// rows in one transaction each. Building each query afresh cost more than the send itself.
import type Database from 'better-sqlite3';
import type { Db, Tx } from '../../db/client.js';

/** A pending row as a worker sees it before sending: times in epoch ms, no card, no message fields. */
export interface WaitingRow {
  id: number;
  batch: string;
  kind: string;
  target: string;
  attempts: number;
  unknownAttempts: number;
  claimedUntil: number | null;
  notBefore: number | null;
  paceSlot: number | null;
}

/** A leased row's counts after the claim, and its card text unless it is the one the caller already holds. */
export interface ClaimedRaw {
  id: number;
  attempts: number;
  unknown_attempts: number;
  card: string | null;
}

/** A list of ids travels as one JSON parameter, so one prepared statement serves every chunk size. */
const IDS = 'SELECT value FROM json_each(?)';

export interface HotStatements {
  insert: Database.Statement<[string, string, string, string, string, number, number]>;
  pendingOfBatch: Database.Statement<[string], { id: number }>;
  waiting: Database.Statement<[string], WaitingRow>;
  routing: Database.Statement<[string], { id: number; batch: string; kind: string; target: string }>;
  /** Rows whose lease ran out with their fate unknown once already: no third try, reported unconfirmed. */
  expireUnknown: Database.Statement<[{ now: number; ids: string; max: number }], { id: number; batch: string }>;
  claim: Database.Statement<[{ until: number; by: string; now: number; ids: string; max: number; card: string }], ClaimedRaw>;
  sent: Database.Statement<[string, string, number, number, number]>;
  settle: Database.Statement<[string, string, number, number, number]>;
  release: Database.Statement<[number, string, number, number, number]>;
  pendingCount: Database.Statement<[string], { n: number }>;
  /** Pending rows nobody holds (or whose holder's lease ran out), in id order: what reconcile queues. */
  unleased: Database.Statement<[number], { id: number; batch: string; kind: string; target: string; not_before: number | null; pace_slot: number | null; attempts: number; leased: number }>;
  /** A batch's rows counted by status. */
  counts: Database.Statement<[{ batch: string; kind: string | null }], { status: string; n: number }>;
  /** The rows a status line names: failed, unconfirmed, and sent after a repeat. */
  problems: Database.Statement<[{ batch: string; kind: string | null }], { target: string; status: string; error: string | null; unknownAttempts: number }>;
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
      // A row object costs per column: on the hot path only what deciding and sending need.
      waiting: client.prepare(
        `SELECT id, batch, kind, target, attempts, unknown_attempts AS unknownAttempts, claimed_until AS claimedUntil,
           not_before AS notBefore, pace_slot AS paceSlot
         FROM deliveries WHERE id IN (${IDS}) AND status = 'pending' ORDER BY id`,
      ),
      routing: client.prepare(`SELECT id, batch, kind, target FROM deliveries WHERE id IN (${IDS}) ORDER BY id`),
      expireUnknown: client.prepare(
        `UPDATE deliveries SET status = 'unconfirmed', unknown_attempts = unknown_attempts + 1, claimed_until = NULL,
           error = 'no confirmation after a repeat', settled_at = @now, updated_at = @now
         WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND claimed_until IS NOT NULL
           AND claimed_until <= @now AND unknown_attempts + 1 >= @max
         RETURNING id, batch`,
      ),
      // SET reads the row as it was: a lease that ran out unsettled counts as one unknown attempt. A row
      // that would thereby reach its last unknown attempt is left for expireUnknown (never a third try).
      // The rows of a batch share one card text: SQLite compares it with the one the worker holds (@card)
      // and hands over only a different one, instead of a copy per row.
      claim: client.prepare(
        `UPDATE deliveries SET claimed_until = @until, claimed_by = @by, attempts = attempts + 1, pace_slot = NULL,
           unknown_attempts = unknown_attempts + (claimed_until IS NOT NULL), updated_at = @now
         WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= @now)
           AND NOT (claimed_until IS NOT NULL AND unknown_attempts + 1 >= @max)
         RETURNING id, attempts, unknown_attempts, CASE WHEN card = @card THEN NULL ELSE card END AS card`,
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
      // The partial index by name: without statistics the planner would rather read the whole table in id
      // order than sort the few pending rows, and the table keeps every row ever sent.
      unleased: client.prepare(
        `SELECT id, batch, kind, target, not_before, pace_slot, attempts, claimed_until IS NOT NULL AS leased FROM deliveries INDEXED BY deliveries_pending
         WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id`,
      ),
      // @kind null: the whole batch; 'post' or 'dm': one kind of its rows (an alert's card counts each).
      counts: client.prepare('SELECT status, count(*) AS n FROM deliveries WHERE batch = @batch AND (@kind IS NULL OR kind = @kind) GROUP BY status'),
      problems: client.prepare(
        `SELECT target, status, error, unknown_attempts AS unknownAttempts FROM deliveries WHERE batch = @batch AND (@kind IS NULL OR kind = @kind)
           AND (status IN ('failed', 'unconfirmed') OR (status = 'sent' AND unknown_attempts > 0)) ORDER BY id`,
      ),
      report: client.prepare(
        'SELECT target, kind, status, message_id AS messageId, error, unknown_attempts AS unknownAttempts FROM deliveries WHERE batch = ? ORDER BY id',
      ),
      unslot: client.prepare("UPDATE deliveries SET pace_slot = NULL, not_before = ? WHERE id = ? AND status = 'pending'"),
    };
    cache.set(client, s);
  }
  return s;
}
