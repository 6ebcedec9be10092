// The roster's synchronous state changes — joining, nominating, vetting, declining, adding and editing —
// each written with its audit row in one transaction; and a name that follows the platform profile.
// Commands and buttons call these; I/O stays outside.
import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/client.js';
import { identities, members } from '../../db/schema.js';
import { writeAudit, type By } from '../core/audit.js';
import { formatIdentity, type Identity } from '../core/identity.js';
import { VETTING_MONTHS, type MemberRow, type MemberStatus } from './model.js';
import { findMemberById, findMemberByIdentity, identitiesOf } from './store.js';
import { ensureOrganization, type OrganizationDetails } from './organizations.js';

export type Change<T> = ({ ok: true } & T) | { ok: false; problem: string };

type MemberPatch = Partial<Pick<MemberRow,
  | 'name' | 'nameEdited' | 'title' | 'category' | 'executiveLevel' | 'tier' | 'email' | 'contact247' | 'timezone' | 'capabilities'
  | 'alternateMemberId' | 'alternateName' | 'alternatePhone' | 'alternateEmail'>>;

/** Contact details: the audit names a change to one of these but never stores its value. */
export const CONTACT_FIELDS = new Set(['email', 'contact247', 'alternateName', 'alternatePhone', 'alternateEmail']);

export const vettingExpiry = (at: Date): Date => DateTime.fromJSDate(at, { zone: 'utc' }).plus({ months: VETTING_MONTHS }).toJSDate();

function audit(tx: Tx, by: By, at: Date, action: string, subject: MemberRow, details?: Record<string, unknown>): void {
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action, subjectMemberId: subject.id, subject: subject.name, ...(details ? { details } : {}) });
}

interface NewMember extends MemberPatch {
  name: string;
  status: MemberStatus;
  organization?: string | undefined;
  organizationDetails?: OrganizationDetails;
  nominatedBy?: number | null;
  vettedBy?: number | null;
}

function insertMember(tx: Tx, fields: NewMember, identity: Identity | undefined, at: Date): MemberRow {
  const { organization, organizationDetails, status, ...rest } = fields;
  const org = organization ? ensureOrganization(tx, organization, at, organizationDetails).org : undefined;
  const active = status === 'active';
  const member = tx
    .insert(members)
    .values({
      ...rest,
      status,
      organizationId: org?.id ?? null,
      statusChangedAt: at,
      nominatedAt: status === 'nominated' ? at : null,
      vettedAt: active ? at : null,
      vettingExpiresAt: active ? vettingExpiry(at) : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning()
    .get();
  if (identity) tx.insert(identities).values({ memberId: member.id, platform: identity.platform, externalId: identity.id, createdAt: at }).run();
  return member;
}

export interface JoinRequest {
  name: string;
  title: string;
  organization: string;
  category: string;
}

/** Someone not on the roster asks to join: a nominated member with their platform identity. */
export function requestToJoin(db: Db, identity: Identity, request: JoinRequest, at: Date): Change<{ member: MemberRow }> {
  return db.transaction((tx) => {
    const existing = findMemberByIdentity(tx, identity);
    if (existing) return { ok: false, problem: `You are already on the roster (${existing.status}).` };
    const member = insertMember(tx, { ...request, nameEdited: true, status: 'nominated' }, identity, at);
    audit(tx, { identity: formatIdentity(identity), memberId: member.id }, at, 'member.join-request', member, { organization: request.organization, category: request.category });
    return { ok: true, member };
  });
}

/**
 * Someone proposed: a platform account with the name its profile gives (`nameEdited` false, so it keeps
 * following the profile) or that the nominator typed; someone by email; or a member who left.
 */
export type Nominee = { identity: Identity; name: string; nameEdited: boolean } | { email: string; name: string } | { memberId: number };

/**
 * A member nominates someone: a platform user (with their identity) or, by email, someone not in the
 * workspace yet. Someone who left may be nominated again; anyone else already on the roster is returned.
 */
export function nominate(db: Db, by: By, nominee: Nominee, at: Date): Change<{ member: MemberRow; created: boolean; renominated: boolean }> | { ok: false; problem: string; existing: MemberRow } {
  return db.transaction((tx) => {
    const existing =
      'memberId' in nominee
        ? findMemberById(tx, nominee.memberId)
        : 'identity' in nominee
          ? findMemberByIdentity(tx, nominee.identity)
          : tx.select().from(members).where(sql`${members.email} = ${nominee.email} collate nocase`).get();
    if (existing && existing.status !== 'departed') {
      return { ok: false as const, existing, problem: `${existing.name} is already on the roster (${existing.status}).` };
    }
    if (existing) {
      const member = tx
        .update(members)
        .set({ status: 'nominated', statusReason: null, statusChangedAt: at, successorId: null, nominatedBy: by.memberId, nominatedAt: at, updatedAt: at })
        .where(eq(members.id, existing.id))
        .returning()
        .get();
      audit(tx, by, at, 'member.nominate', member, { again: true });
      return { ok: true as const, member, created: false, renominated: true };
    }
    if ('memberId' in nominee) return { ok: false as const, problem: 'That member is no longer on the roster.' };
    const member =
      'identity' in nominee
        ? insertMember(tx, { name: nominee.name, nameEdited: nominee.nameEdited, status: 'nominated', nominatedBy: by.memberId }, nominee.identity, at)
        : insertMember(tx, { name: nominee.name, nameEdited: true, email: nominee.email, status: 'nominated', nominatedBy: by.memberId }, undefined, at);
    audit(tx, by, at, 'member.nominate', member, { by: 'identity' in nominee ? 'mention' : 'email' });
    return { ok: true as const, member, created: true, renominated: false };
  });
}

/**
 * Makes a nominated or suspended member active for VETTING_MONTHS; vetting an active member renews it.
 * `onlyIfNominated` is the Vet button: it answers one request and must not renew a later vetting.
 */
export function vet(db: Db, by: By, memberId: number, at: Date, options: { onlyIfNominated?: boolean } = {}): Change<{ member: MemberRow; previous: MemberRow }> {
  return db.transaction((tx) => {
    const previous = findMemberById(tx, memberId);
    if (!previous) return { ok: false, problem: 'That person is no longer on the roster: the request was declined or withdrawn.' };
    if (options.onlyIfNominated && previous.status !== 'nominated') {
      return { ok: false, problem: `${previous.name} is ${previous.status} now; this request was already answered.` };
    }
    if (previous.status === 'departed') {
      return { ok: false, problem: `${previous.name} is recorded as having left the partnership. Nominate them again first (\`nominate\`), then vet them.` };
    }
    if (by.memberId === previous.id) return { ok: false, problem: 'Nobody vets themselves: ask another board member or coordinator.' };
    const member = tx
      .update(members)
      .set({
        status: 'active',
        statusReason: null,
        statusChangedAt: previous.status === 'active' ? previous.statusChangedAt : at,
        vettedBy: by.memberId,
        vettedAt: at,
        vettingExpiresAt: vettingExpiry(at),
        updatedAt: at,
      })
      .where(eq(members.id, memberId))
      .returning()
      .get();
    audit(tx, by, at, 'member.vet', member, { previousStatus: previous.status, renewed: previous.status === 'active', expires: member.vettingExpiresAt?.toISOString() });
    return { ok: true, member, previous };
  });
}

/**
 * Declines a nomination: the row and its identity go (they are a stranger again and may ask again);
 * the audit row keeps their name and who asked.
 */
export function decline(db: Db, by: By, memberId: number, at: Date): Change<{ member: MemberRow; identities: Identity[] }> {
  return db.transaction((tx) => {
    const member = findMemberById(tx, memberId);
    if (!member) return { ok: false, problem: 'That request was already declined or withdrawn.' };
    if (member.status !== 'nominated') return { ok: false, problem: `${member.name} is ${member.status} now; this request was already answered.` };
    const ids = identitiesOf(tx, member.id);
    tx.delete(identities).where(eq(identities.memberId, member.id)).run();
    tx.delete(members).where(and(eq(members.id, member.id), eq(members.status, 'nominated'))).run();
    audit(tx, by, at, 'member.decline', member, { name: member.name, identities: ids.map(formatIdentity), nominatedBy: member.nominatedBy });
    return { ok: true, member, identities: ids };
  });
}

export interface MemberFields extends MemberPatch {
  organization?: string | null | undefined;
  organizationDetails?: OrganizationDetails;
}

/** A coordinator adds someone directly (day one's loading of the roster), vetted now or nominated. */
export function addMember(db: Db, by: By, fields: MemberFields & { name: string }, status: 'active' | 'nominated', identity: Identity | undefined, at: Date): Change<{ member: MemberRow }> {
  return db.transaction((tx) => {
    if (identity) {
      const existing = findMemberByIdentity(tx, identity);
      if (existing) return { ok: false, problem: `That account is already on the roster as ${existing.name} (${existing.status}).` };
    }
    const { organization, organizationDetails, ...rest } = fields;
    const member = insertMember(
      tx,
      {
        ...rest,
        nameEdited: true,
        status,
        organization: organization ?? undefined,
        ...(organizationDetails ? { organizationDetails } : {}),
        ...(status === 'active' ? { vettedBy: by.memberId } : { nominatedBy: by.memberId }),
      },
      identity,
      at,
    );
    const given = [...(organization ? ['organization'] : []), ...Object.keys(rest).filter((k) => rest[k as keyof typeof rest] != null)];
    audit(tx, by, at, 'member.add', member, { status, identity: identity ? formatIdentity(identity) : null, fields: given });
    return { ok: true, member };
  });
}

/**
 * Edits a member (a coordinator's `member … edit`, or the member's own `profile`). Only what differs is
 * written and audited; contact details are named in the audit, never copied into it.
 */
export function updateMember(db: Db, by: By, memberId: number, fields: MemberFields, at: Date, action: 'member.edit' | 'profile.edit'): Change<{ member: MemberRow; changed: string[] }> {
  return db.transaction((tx) => {
    const before = findMemberById(tx, memberId);
    if (!before) return { ok: false, problem: 'That member is no longer on the roster.' };
    const { organization, organizationDetails, ...patch } = fields;
    const set: Partial<MemberRow> = {};
    for (const [key, value] of Object.entries(patch) as [keyof MemberPatch, unknown][]) {
      if (value === undefined) continue;
      if (JSON.stringify(before[key]) !== JSON.stringify(value)) (set as Record<string, unknown>)[key] = value;
    }
    const orgChanges: string[] = [];
    if (organization !== undefined) {
      const org = organization ? ensureOrganization(tx, organization, at, organizationDetails) : undefined;
      if ((org?.org.id ?? null) !== before.organizationId) set.organizationId = org?.org.id ?? null;
      if (org?.changed.length) orgChanges.push(...org.changed.map((c) => `organization.${c}`));
    }
    const changed = [...Object.keys(set).filter((k) => k !== 'nameEdited'), ...orgChanges];
    if (changed.length === 0) return { ok: true, member: before, changed };
    const member = tx.update(members).set({ ...set, updatedAt: at }).where(eq(members.id, memberId)).returning().get();
    const shown: Record<string, unknown> = {};
    for (const key of changed) if (!CONTACT_FIELDS.has(key) && key in set) shown[key] = set[key as keyof MemberRow];
    audit(tx, by, at, action, member, { changed, values: shown });
    return { ok: true, member, changed };
  });
}

/**
 * A member who has not edited their name takes it from their platform profile as it is now; returns the
 * member as it then reads. Not audited: nobody decided anything, the profile changed.
 */
export function followProfileName(db: Db, member: MemberRow, name: string, at: Date): MemberRow {
  if (member.nameEdited || member.name === name) return member;
  db.update(members).set({ name, updatedAt: at }).where(eq(members.id, member.id)).run();
  return { ...member, name };
}
