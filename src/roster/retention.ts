// Retention: a departed member's contact details (24/7 line, email, alternate contact card) are erased
// once PPP_RETENTION_DAYS have passed since they left. The row and the audit keep that they were a member.
// A pure function of (db, now, days), so a daily job can run it and a test can drive the clock.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Erased {
  id: number;
  name: string;
}

/** Erases what is due and returns whose; running it again the same day erases nothing more. */
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
