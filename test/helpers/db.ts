// A fresh in-memory database with the real migrations; members in each of the spec's standings, and
// anyone a test puts on the roster directly as its starting point (the commands are what is tested).
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../db/client.js';
import { members } from '../../db/schema.js';
import type { Identity } from '../../src/core/identity.js';
import type { MemberRow, MemberStatus } from '../../src/members/model.js';
import { ensureOrganization, type OrganizationDetails } from '../../src/members/organizations.js';
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

export interface Seed {
  name: string;
  status?: MemberStatus;
  identity?: Identity;
  set?: Partial<typeof members.$inferInsert>;
}

/** Puts someone on the roster directly, as a test's starting point (the commands are what is tested). */
export function seed(db: Db, s: Seed): MemberRow {
  const at = new Date('2026-01-05T15:00:00Z');
  return db.transaction((tx) => {
    const m = s.identity
      ? createMember(tx, s.identity, { name: s.name, status: s.status ?? 'active', at })
      : tx.insert(members).values({ name: s.name, status: s.status ?? 'active', statusChangedAt: at, createdAt: at, updatedAt: at }).returning().get();
    const row = tx.update(members).set({ nameEdited: true, ...s.set }).where(eq(members.id, m.id)).returning().get();
    return row;
  });
}

export function memberNamed(db: Db, name: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.name, name)).get();
}

/** An organization row, for seeding members into it. */
export function organization(db: Db, name: string, details: OrganizationDetails = {}): number {
  return db.transaction((tx) => ensureOrganization(tx, name, new Date('2026-01-05T15:00:00Z'), details).org.id);
}
