// The roster's scheduled writes, pure functions of (db, now) for the daily tasks to run and tests to
// drive: vetting that ran out suspends the member, and a departed member's contact details (24/7 line,
// email, alternate contact card) are erased after PPP_RETENTION_DAYS. Each change is audited in its transaction.
import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';

export const LAPSED_REASON = 'vetting lapsed';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Suspends every lapsed vetting and returns whom. Coordinators are left active (audited as overdue):
 * suspending the last of them would leave nobody able to vet anyone again.
 */
export function suspendLapsedVettings(db: Db, now: Date): { suspended: { id: number; name: string }[]; overdueCoordinators: { id: number; name: string }[] } {
  return db.transaction((tx) => {
    const lapsed = tx
      .select()
      .from(members)
      .where(and(eq(members.status, 'active'), isNotNull(members.vettingExpiresAt), lte(members.vettingExpiresAt, now)))
      .all();
    const suspended: { id: number; name: string }[] = [];
    const overdueCoordinators: { id: number; name: string }[] = [];
    for (const m of lapsed) {
      if (m.isCoordinator) {
        overdueCoordinators.push({ id: m.id, name: m.name });
        continue;
      }
      tx.update(members).set({ status: 'suspended', statusReason: LAPSED_REASON, statusChangedAt: now, updatedAt: now }).where(eq(members.id, m.id)).run();
      writeAudit(tx, { at: now, actor: 'system', action: 'member.vetting-lapsed', subjectMemberId: m.id, subject: m.name, details: { expired: m.vettingExpiresAt?.toISOString() } });
      suspended.push({ id: m.id, name: m.name });
    }
    return { suspended, overdueCoordinators };
  });
}

export interface Erased {
  id: number;
  name: string;
}

/**
 * Erases the contact details of members who left more than `retentionDays` ago and returns whose; the
 * row and the audit keep that they were a member. Running it again the same day erases nothing more.
 */
export function eraseExpiredContacts(db: Db, now: Date, retentionDays: number): Erased[] {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(members)
      .where(and(eq(members.status, 'departed'), isNull(members.contactsErasedAt)))
      .all()
      // A row from before statusChangedAt was kept falls back to its last update.
      .filter((m) => (m.statusChangedAt ?? m.updatedAt).getTime() <= cutoff);
    for (const m of due) {
      tx.update(members)
        .set({ contact247: null, email: null, alternateName: null, alternatePhone: null, alternateEmail: null, contactsErasedAt: now, updatedAt: now })
        .where(eq(members.id, m.id))
        .run();
      writeAudit(tx, {
        at: now,
        actor: 'system',
        action: 'member.contacts-erased',
        subjectMemberId: m.id,
        subject: m.name,
        details: { departedAt: (m.statusChangedAt ?? m.updatedAt).toISOString(), retentionDays },
      });
    }
    return due.map((m) => ({ id: m.id, name: m.name }));
  });
}
