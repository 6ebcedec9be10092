// The start-up sync of coordinators (PPP_ADMINS and the console user), audited only on a change, and a
// name that follows the platform profile until the member edits it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, members } from '../../db/schema.js';
import { resolveActor } from '../../src/auth/actor.js';
import { syncCoordinators } from '../../src/members/coordinators.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { makeActor, memoryDb } from '../helpers/db.js';

describe('syncCoordinators', () => {
  const at = new Date('2026-11-22T00:00:00Z');
  const alice = { platform: 'slack', id: 'UALICE' } as const;
  const bob = { platform: 'teams', id: 'bob-aad' } as const;

  it('creates PPP_ADMINS as active coordinators, audited once, and not again on an unchanged restart', () => {
    const db = memoryDb();
    expect(syncCoordinators(db, { admins: [alice, bob], consoleUser: 'root', at })).toBe(3);
    expect(syncCoordinators(db, { admins: [alice, bob], consoleUser: 'root', at })).toBe(0);
    const a = findMemberByIdentity(db, alice)!;
    expect(a).toMatchObject({ status: 'active', isCoordinator: true, coordinatorVia: 'env', organizationId: null });
    expect(db.select().from(auditLog).all()).toHaveLength(3);
  });

  it('reactivates a suspended admin and takes the role away when the identity leaves PPP_ADMINS', () => {
    const db = memoryDb();
    syncCoordinators(db, { admins: [alice, bob], at });
    const a = findMemberByIdentity(db, alice)!;
    db.update(members).set({ status: 'suspended' }).where(eq(members.id, a.id)).run();
    expect(syncCoordinators(db, { admins: [alice, bob], at })).toBe(1);
    expect(findMemberByIdentity(db, alice)!.status).toBe('active');

    expect(syncCoordinators(db, { admins: [alice], at })).toBe(1);
    expect(findMemberByIdentity(db, bob)).toMatchObject({ isCoordinator: false, status: 'active' });
    const last = db.select().from(auditLog).all().at(-1)!;
    expect(last).toMatchObject({ action: 'coordinator.revoke', actor: 'system', details: { reason: 'removed from PPP_ADMINS' } });
  });

  it('leaves a coordinator made by command alone when PPP_ADMINS does not list them', () => {
    const db = memoryDb();
    const c = makeActor(db, 'coordinator');
    expect(syncCoordinators(db, { admins: [], at })).toBe(0);
    expect(findMemberByIdentity(db, c)!.isCoordinator).toBe(true);
  });

  it('takes the display name from the platform until the member edits it', () => {
    const db = memoryDb();
    syncCoordinators(db, { admins: [alice], at });
    expect(findMemberByIdentity(db, alice)!.name).toBe('slack:UALICE');
    resolveActor(db, alice, 'Alice Chief', at);
    expect(findMemberByIdentity(db, alice)!.name).toBe('Alice Chief');
    db.update(members).set({ nameEdited: true, name: 'Chief A. Smith' }).run();
    resolveActor(db, alice, 'alice', at);
    expect(findMemberByIdentity(db, alice)!.name).toBe('Chief A. Smith');
  });
});
