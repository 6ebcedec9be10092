// A fresh in-memory database with the real migrations, and members in each of the spec's standings.
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/client.js';
import { members } from '../../db/schema.js';
import type { Identity } from '../../src/core/identity.js';
import type { MemberRow } from '../../src/members/model.js';
import { createMember } from '../../src/members/store.js';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

export const ACTORS = [
  'stranger',
  'nominated',
  'member',
  'board',
  'issuer',
  'coordinator',
  'suspended',
  'departed',
] as const;
export type ActorName = (typeof ACTORS)[number];

/** Creates the actor on the roster (except the stranger) and returns its identity. */
export function makeActor(db: Db, name: ActorName, platform: Identity['platform'] = 'slack', n = 0): Identity {
  const id = platform === 'slack' ? `U${name.toUpperCase().replace(/[^A-Z]/g, '')}${n}` : `${name}-${n}`;
  const identity: Identity = { platform, id };
  if (name === 'stranger') return identity;
  const at = new Date('2026-01-01T00:00:00Z');
  const status = name === 'nominated' ? 'nominated' : name === 'suspended' ? 'suspended' : name === 'departed' ? 'departed' : 'active';
  db.transaction((tx) => {
    const m: MemberRow = createMember(tx, identity, { name: `${name} ${n}`, status, at });
    tx.update(members)
      .set({
        tier: name === 'board' ? 'board' : 'member',
        isIssuer: name === 'issuer',
        isCoordinator: name === 'coordinator',
        coordinatorVia: name === 'coordinator' ? 'command' : null,
        statusReason: name === 'suspended' ? 'vetting lapsed' : null,
      })
      .where(eq(members.id, m.id))
      .run();
  });
  return identity;
}
