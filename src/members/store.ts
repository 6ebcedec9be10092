// Reading members by identity and creating them; shared by start-up, the actor lookup and commands.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { identities, members } from '../../db/schema.js';
import type { Identity } from '../core/identity.js';
import type { MemberRow, MemberStatus } from './model.js';

type Reader = Db | Tx;

// The actor lookup runs on every command and button press: prepared once per database, since
// building the query each time cost more than running it (bench/slack-ack).
const prepareByIdentity = (db: Db) =>
  db
    .select({ member: members })
    .from(identities)
    .innerJoin(members, eq(members.id, identities.memberId))
    .where(and(eq(identities.platform, sql.placeholder('platform')), eq(identities.externalId, sql.placeholder('id'))))
    .prepare();
const byIdentity = new WeakMap<Db, ReturnType<typeof prepareByIdentity>>();

export function findMemberByIdentity(db: Reader, identity: Identity): MemberRow | undefined {
  if ('$client' in db) {
    let query = byIdentity.get(db);
    if (!query) byIdentity.set(db, (query = prepareByIdentity(db)));
    return query.get({ platform: identity.platform, id: identity.id })?.member;
  }
  const row = db
    .select({ member: members })
    .from(identities)
    .innerJoin(members, eq(members.id, identities.memberId))
    .where(and(eq(identities.platform, identity.platform), eq(identities.externalId, identity.id)))
    .get();
  return row?.member;
}

export function findMemberById(db: Reader, id: number): MemberRow | undefined {
  return db.select().from(members).where(eq(members.id, id)).get();
}

/** The members who name this one as their alternate. */
export function membersWithAlternate(db: Reader, alternateId: number): MemberRow[] {
  return db.select().from(members).where(eq(members.alternateMemberId, alternateId)).all();
}

/** Members not recorded as departed whose email is this one, in any case. */
export function currentMembersByEmail(db: Reader, email: string): MemberRow[] {
  return db
    .select()
    .from(members)
    .where(sql`${members.email} = ${email.trim()} collate nocase and ${members.status} != 'departed'`)
    .all();
}

// Asked once per member when an alert or a survey resolves who it reaches (reachOf): prepared once per
// database, since building the query each time cost more than running it for 2,000 members (bench/alert).
const prepareIdentitiesOf = (db: Db) =>
  db
    .select({ platform: identities.platform, id: identities.externalId })
    .from(identities)
    .where(eq(identities.memberId, sql.placeholder('member')))
    .prepare();
const byMember = new WeakMap<Db, ReturnType<typeof prepareIdentitiesOf>>();

export function identitiesOf(db: Reader, memberId: number): Identity[] {
  if ('$client' in db) {
    let query = byMember.get(db);
    if (!query) byMember.set(db, (query = prepareIdentitiesOf(db)));
    return query.all({ member: memberId }) as Identity[];
  }
  return db
    .select({ platform: identities.platform, id: identities.externalId })
    .from(identities)
    .where(eq(identities.memberId, memberId))
    .all() as Identity[];
}

export interface NewMember {
  name: string;
  status: MemberStatus;
  at: Date;
  isCoordinator?: boolean;
  coordinatorVia?: string | null;
}

/** Inserts a member with one platform identity; call inside the transaction that audits it. */
export function createMember(tx: Tx, identity: Identity, fields: NewMember): MemberRow {
  const member = tx
    .insert(members)
    .values({
      name: fields.name,
      status: fields.status,
      statusChangedAt: fields.at,
      isCoordinator: fields.isCoordinator ?? false,
      coordinatorVia: fields.coordinatorVia ?? null,
      createdAt: fields.at,
      updatedAt: fields.at,
    })
    .returning()
    .get();
  tx.insert(identities)
    .values({ memberId: member.id, platform: identity.platform, externalId: identity.id, createdAt: fields.at })
    .run();
  return member;
}
