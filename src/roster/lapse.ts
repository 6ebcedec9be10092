// Vetting lasts VETTING_MONTHS: an active member whose vetting has run out is suspended until a board
// member or coordinator vets them again. A pure function of (db, now), for a daily job to run.
import { and, eq, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';

export const LAPSED_REASON = 'vetting lapsed';

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
