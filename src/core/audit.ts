// Audit rows are written with the change they describe, inside the same synchronous transaction.
import type { Db, Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

/** Who acts, as the audit names them: an identity string ('system' for scheduled work) and their member id. */
export interface By {
  identity: string;
  memberId: number | null;
}

export interface AuditEntry {
  at: Date;
  /** An identity string, or 'system' for start-up and scheduled work. */
  actor: string;
  actorMemberId?: number | null;
  action: string;
  subjectMemberId?: number | null;
  subject?: string | null;
  details?: Record<string, unknown>;
}

export function writeAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actor: entry.actor,
      actorMemberId: entry.actorMemberId ?? null,
      action: entry.action,
      subjectMemberId: entry.subjectMemberId ?? null,
      subject: entry.subject ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export type AuditRow = typeof auditLog.$inferSelect;

/** What a sentence about an audit row may look up: names, the zone dates are read in, the database. */
export interface AuditReading {
  db: Db;
  timezone: string;
  /** A member's name as the roster has it now (undefined: no such member any more). */
  nameOf(memberId: number | null | undefined): string | undefined;
  /** The row's subject as the sentence names them: their name, or "themselves" when they acted on their own record. */
  whom: string;
  /** Whether the actor acted on their own record. */
  self: boolean;
}

/**
 * An audited action in words: what follows the actor's name, without the full stop ("vetted Karen Wu
 * until 1 Dec 2027"). Each feature registers one per action it audits (Registry.auditPhrase), so `audit`
 * reads every line as a sentence with names, never ids.
 */
export type AuditPhrase = (row: AuditRow, read: AuditReading) => string;
