// Start-up reconciliation of the coordinator role: PPP_ADMINS and the console user are made active
// coordinators; identities dropped from PPP_ADMINS lose the role. Audited only when something changes.
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { identities, members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { formatIdentity, type Identity } from '../core/identity.js';
import { createMember, findMemberByIdentity } from './store.js';

export type CoordinatorSource = 'env' | 'console';

const SOURCE_LABEL: Record<CoordinatorSource, string> = { env: 'PPP_ADMINS', console: 'console user' };

function grant(tx: Tx, identity: Identity, source: CoordinatorSource, at: Date, name: string): boolean {
  const who = formatIdentity(identity);
  const existing = findMemberByIdentity(tx, identity);
  if (!existing) {
    const member = createMember(tx, identity, {
      name,
      status: 'active',
      at,
      isCoordinator: true,
      coordinatorVia: source,
    });
    writeAudit(tx, {
      at,
      actor: 'system',
      action: 'coordinator.grant',
      subjectMemberId: member.id,
      subject: who,
      details: { via: SOURCE_LABEL[source], created: true },
    });
    return true;
  }
  const changes: Partial<typeof members.$inferInsert> = {};
  if (existing.status !== 'active') {
    Object.assign(changes, { status: 'active', statusReason: null, statusChangedAt: at });
  }
  if (!existing.isCoordinator) Object.assign(changes, { isCoordinator: true, coordinatorVia: source });
  if (Object.keys(changes).length === 0) return false;
  tx.update(members).set({ ...changes, updatedAt: at }).where(eq(members.id, existing.id)).run();
  writeAudit(tx, {
    at,
    actor: 'system',
    action: 'coordinator.grant',
    subjectMemberId: existing.id,
    subject: who,
    details: { via: SOURCE_LABEL[source], previousStatus: existing.status, wasCoordinator: existing.isCoordinator },
  });
  return true;
}

/** Makes the configured coordinators so; returns how many rows changed (0 on an unchanged restart). */
export function syncCoordinators(
  db: Db,
  options: { admins: Identity[]; consoleUser?: string; at: Date },
): number {
  return db.transaction((tx) => {
    let changed = 0;
    const listed = new Set(options.admins.map(formatIdentity));
    for (const identity of options.admins) {
      // Until the admin first speaks, the identity stands in for a name; the profile name replaces it.
      if (grant(tx, identity, 'env', options.at, formatIdentity(identity))) changed++;
    }
    if (options.consoleUser) {
      if (grant(tx, { platform: 'console', id: options.consoleUser }, 'console', options.at, options.consoleUser)) {
        changed++;
      }
    }
    const envCoordinators = tx.select().from(members).where(eq(members.coordinatorVia, 'env')).all();
    for (const member of envCoordinators) {
      if (!member.isCoordinator) continue;
      const ids = tx
        .select({ platform: identities.platform, id: identities.externalId })
        .from(identities)
        .where(eq(identities.memberId, member.id))
        .all();
      if (ids.some((i) => listed.has(`${i.platform}:${i.id}`))) continue;
      tx.update(members)
        .set({ isCoordinator: false, coordinatorVia: null, updatedAt: options.at })
        .where(eq(members.id, member.id))
        .run();
      writeAudit(tx, {
        at: options.at,
        actor: 'system',
        action: 'coordinator.revoke',
        subjectMemberId: member.id,
        subject: ids.map((i) => `${i.platform}:${i.id}`).join(', ') || null,
        details: { reason: 'removed from PPP_ADMINS' },
      });
      changed++;
    }
    return changed;
  });
}
