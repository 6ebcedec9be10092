// The delivery worker's hot path as prepared statements: every job reads its row, claims it and
// settles it, and building each query afresh cost more than the send itself at thousands a second.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import type { deliveries } from '../../db/schema.js';

type DeliveryRow = typeof deliveries.$inferSelect;

interface RawRow {
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
  not_before: number | null;
  message_id: string | null;
  message_address: string | null;
  error: string | null;
  created_at: number;
  settled_at: number | null;
  updated_at: number;
}

export interface HotStatements {
  get: Database.Statement<[number], RawRow>;
  claim: Database.Statement<[number, number, number, number, number]>;
  sent: Database.Statement<[string, string, number, number, number]>;
}

const cache = new WeakMap<Database.Database, HotStatements>();

export function hot(db: Db): HotStatements {
  const client = db.$client;
  let s = cache.get(client);
  if (!s) {
    s = {
      get: client.prepare<[number], RawRow>('SELECT * FROM deliveries WHERE id = ?'),
      claim: client.prepare('UPDATE deliveries SET claimed_until = ?, attempts = ?, unknown_attempts = ?, updated_at = ? WHERE id = ?'),
      sent: client.prepare(
        "UPDATE deliveries SET status = 'sent', message_id = ?, message_address = ?, claimed_until = NULL, error = NULL, settled_at = ?, updated_at = ? WHERE id = ?",
      ),
    };
    cache.set(client, s);
  }
  return s;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

export function toRow(r: RawRow): DeliveryRow {
  return {
    id: r.id,
    key: r.key,
    batch: r.batch,
    kind: r.kind,
    target: r.target,
    card: JSON.parse(r.card) as Record<string, unknown>,
    status: r.status,
    attempts: r.attempts,
    unknownAttempts: r.unknown_attempts,
    claimedUntil: date(r.claimed_until),
    notBefore: date(r.not_before),
    messageId: r.message_id,
    messageAddress: r.message_address,
    error: r.error,
    createdAt: new Date(r.created_at),
    settledAt: date(r.settled_at),
    updatedAt: new Date(r.updated_at),
  };
}
