// A coordinator's changes to standing and roles — suspend, depart (with a successor), tier, coordinator,
// issuer — each audited in its transaction. The partnership is never left without an active coordinator.
import { and, eq, ne } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { members } from '../../db/schema.js';
import type { MemberRow, Tier } from './model.js';
import { findMemberById, membersWithAlternate } from './store.js';
import { writeAudit, type By } from '../core/audit.js';
import type { Change } from './changes.js';

function audit(tx: Tx, by: By, at: Date, action: string, subject: MemberRow, details: Record<string, unknown>): void {
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action, subjectMemberId: subject.id, subject: subject.name, details });
}

/**
 * Refuses a change that would leave no active coordinator to run the roster. Exported so a command can
 * refuse before it asks for a confirmation; the change itself checks again in its transaction.
 */
export function lastCoordinator(tx: Db | Tx, member: MemberRow, what: string): string | undefined {
  if (member.status !== 'active' || !member.isCoordinator) return undefined;
  const others = tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.status, 'active'), eq(members.isCoordinator, true), ne(members.id, member.id)))
    .all();
  if (others.length > 0) return undefined;
  return `${member.name} is the last active coordinator, so I will not ${what}: nobody could run the roster afterwards. Give someone else the coordinator role first (\`member @someone coordinator on\`).`;
}

export function suspend(db: Db, by: By, memberId: number, reason: string | undefined, at: Date): Change<{ member: MemberRow }> {
  return db.transaction((tx) => {
    const before = findMemberById(tx, memberId);
    if (!before) return { ok: false, problem: 'That member is no longer on the roster.' };
    if (before.status !== 'active') {
      const remedy = before.status === 'nominated' ? ' Decline the nomination instead, or leave it unvetted.' : '';
      return { ok: false, problem: `${before.name} is ${before.status}, not active, so there is nothing to suspend.${remedy}` };
    }
    const refusal = lastCoordinator(tx, before, `suspend them`);
    if (refusal) return { ok: false, problem: refusal };
    const member = tx
      .update(members)
      .set({ status: 'suspended', statusReason: reason ?? 'suspended by a coordinator', statusChangedAt: at, updatedAt: at })
      .where(eq(members.id, memberId))
      .returning()
      .get();
    audit(tx, by, at, 'member.suspend', member, { reason: reason ?? null });
    return { ok: true, member };
  });
}

/**
 * Records a departure. The successor inherits being someone's alternate; without one, those members
 * lose their alternate and are returned so they can be asked to choose another.
 */
export function depart(db: Db, by: By, memberId: number, successorId: number | undefined, at: Date): Change<{ member: MemberRow; successor?: MemberRow; moved: MemberRow[]; orphaned: MemberRow[] }> {
  return db.transaction((tx) => {
    const before = findMemberById(tx, memberId);
    if (!before) return { ok: false, problem: 'That member is no longer on the roster.' };
    if (before.status === 'departed') return { ok: false, problem: `${before.name} is already recorded as having left.` };
    let successor: MemberRow | undefined;
    if (successorId !== undefined) {
      successor = findMemberById(tx, successorId);
      if (!successor || successor.id === before.id) return { ok: false, problem: 'A successor must be another member.' };
      if (successor.status !== 'active') return { ok: false, problem: `${successor.name} is ${successor.status}; a successor must be an active member. Vet them first.` };
    }
    const refusal = lastCoordinator(tx, before, 'record their departure');
    if (refusal) return { ok: false, problem: refusal };
    const member = tx
      .update(members)
      .set({ status: 'departed', statusReason: null, statusChangedAt: at, successorId: successor?.id ?? null, isCoordinator: false, coordinatorVia: null, isIssuer: false, updatedAt: at })
      .where(eq(members.id, memberId))
      .returning()
      .get();
    const dependants = membersWithAlternate(tx, memberId);
    const moved: MemberRow[] = [];
    const orphaned: MemberRow[] = [];
    for (const d of dependants) {
      // The successor cannot be their own alternate: that member loses the alternate instead.
      const next = successor && successor.id !== d.id ? successor.id : null;
      tx.update(members).set({ alternateMemberId: next, updatedAt: at }).where(eq(members.id, d.id)).run();
      (next ? moved : orphaned).push(d);
    }
    audit(tx, by, at, 'member.depart', member, {
      successor: successor ? { id: successor.id, name: successor.name } : null,
      alternatesMoved: moved.map((m) => m.id),
      alternatesCleared: orphaned.map((m) => m.id),
      roles: { coordinator: before.isCoordinator, issuer: before.isIssuer },
    });
    return successor ? { ok: true, member, successor, moved, orphaned } : { ok: true, member, moved, orphaned };
  });
}

export function setTier(db: Db, by: By, memberId: number, tier: Tier, at: Date): Change<{ member: MemberRow; changed: boolean }> {
  return db.transaction((tx) => {
    const before = findMemberById(tx, memberId);
    if (!before) return { ok: false, problem: 'That member is no longer on the roster.' };
    if (before.status === 'departed') return { ok: false, problem: `${before.name} has left the partnership.` };
    if (before.tier === tier) return { ok: true, member: before, changed: false };
    const member = tx.update(members).set({ tier, updatedAt: at }).where(eq(members.id, memberId)).returning().get();
    audit(tx, by, at, 'member.tier', member, { from: before.tier, to: tier });
    return { ok: true, member, changed: true };
  });
}

export type Role = 'coordinator' | 'issuer';

export function setRole(db: Db, by: By, memberId: number, role: Role, on: boolean, at: Date): Change<{ member: MemberRow; before: MemberRow; changed: boolean }> {
  return db.transaction((tx) => {
    const before = findMemberById(tx, memberId);
    if (!before) return { ok: false, problem: 'That member is no longer on the roster.' };
    if (before.status === 'departed') return { ok: false, problem: `${before.name} has left the partnership; nominate and vet them again first.` };
    const current = role === 'coordinator' ? before.isCoordinator : before.isIssuer;
    if (current === on) return { ok: true, member: before, before, changed: false };
    if (role === 'coordinator' && !on) {
      const refusal = lastCoordinator(tx, before, 'take the coordinator role away');
      if (refusal) return { ok: false, problem: refusal };
    }
    const set =
      role === 'coordinator'
        ? { isCoordinator: on, coordinatorVia: on ? 'command' : null }
        : { isIssuer: on };
    const member = tx.update(members).set({ ...set, updatedAt: at }).where(eq(members.id, memberId)).returning().get();
    audit(tx, by, at, `member.${role}`, member, { on, ...(role === 'coordinator' ? { previousVia: before.coordinatorVia } : {}) });
    return { ok: true, member, before, changed: true };
  });
}
