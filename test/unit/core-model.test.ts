// Addresses, identities, permissions and the start-up sync of coordinators, on the real migrations.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, members } from '../../db/schema.js';
import { resolveActor } from '../../src/auth/actor.js';
import { PERMISSIONS, refusalFor, type Permission } from '../../src/auth/permissions.js';
import { conversationOf, parseAddress, slackAddress, teamsAddress } from '../../src/core/address.js';
import { parseIdentity } from '../../src/core/identity.js';
import { syncCoordinators } from '../../src/members/coordinators.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { ACTORS, makeActor, memoryDb, type ActorName } from '../helpers/db.js';

describe('addresses and identities', () => {
  it('round-trips Slack and Teams addresses; a Teams channel drops its ;messageid suffix', () => {
    expect(parseAddress(slackAddress('T1', 'C2', '1700000000.000100'))).toEqual({ platform: 'slack', team: 'T1', channel: 'C2', threadTs: '1700000000.000100' });
    expect(conversationOf('slack:T1:C2:1700000000.000100')).toBe('slack:T1:C2');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=1712345')).toBe('teams:19:abc@thread.tacv2');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=1712345', true)).toBe('teams:19:abc@thread.tacv2;messageid=1712345');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=act-5')).toBe('teams:19:abc@thread.tacv2');
    expect(parseAddress('teams:19:abc@thread.tacv2')).toEqual({ platform: 'teams', conversationId: '19:abc@thread.tacv2' });
    expect(() => parseAddress('irc:#x')).toThrow();
  });

  it('parses platform identities', () => {
    expect(parseIdentity('slack:U0ABC')).toEqual({ platform: 'slack', id: 'U0ABC' });
    expect(parseIdentity('slack:bob')).toBeUndefined();
    expect(parseIdentity('email:a@b')).toBeUndefined();
  });
});

describe('permissions', () => {
  // Which standing may use which permission level: the rule table the matrix relies on.
  const EXPECTED: Record<Permission, ActorName[]> = {
    anyone: [...ACTORS],
    'non-member': ['stranger'],
    member: ['member', 'board', 'issuer', 'coordinator'],
    board: ['board', 'coordinator'],
    issuer: ['board', 'issuer', 'coordinator'],
    coordinator: ['coordinator'],
  };
  for (const permission of PERMISSIONS) {
    it(`${permission}: allowed for ${EXPECTED[permission].join(', ')}; everyone else told why and what to do`, () => {
      const db = memoryDb();
      for (const name of ACTORS) {
        const actor = resolveActor(db, makeActor(db, name), undefined, new Date());
        const refusal = refusalFor(actor, permission, { command: '/ppp x', prefix: '/ppp ' });
        if (EXPECTED[permission].includes(name)) {
          expect(refusal, `${name} should be allowed`).toBeUndefined();
        } else {
          expect(refusal?.reason, `${name} should be refused`).toMatch(/\S/);
          expect(refusal?.remedy).toMatch(/\S/);
        }
      }
    });
  }

  it('tells a suspended member the reason for the suspension', () => {
    const db = memoryDb();
    const actor = resolveActor(db, makeActor(db, 'suspended'), undefined, new Date());
    expect(refusalFor(actor, 'member', { command: 'roster', prefix: '/ppp ' })?.reason).toContain('vetting lapsed');
  });
});

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
