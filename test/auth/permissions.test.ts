// Permissions: which standing may use which level, and a refusal that says why, on the real migrations.
import { describe, expect, it } from 'vitest';
import { resolveActor } from '../../src/auth/actor.js';
import { PERMISSIONS, refusalFor, type Permission } from '../../src/auth/permissions.js';
import { ACTORS, makeActor, memoryDb, type ActorName } from '../helpers/db.js';

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
