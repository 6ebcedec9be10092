// Audit rows are written with the change they describe, inside the same synchronous transaction.
import type { Tx } from '../../db/client.js';
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
