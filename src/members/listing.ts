// Reading the roster for display: members with their organization, and the words that describe them.
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { members, organizations } from '../../db/schema.js';
import { CATEGORIES, type MemberRow } from './model.js';
import type { OrganizationRow } from './organizations.js';

export interface Listed {
  member: MemberRow;
  org: OrganizationRow | undefined;
}

/** Every member with their organization, by name; the roster is small enough to read whole. */
export function listMembers(db: Db | Tx): Listed[] {
  return db
    .select({ member: members, org: organizations })
    .from(members)
    .leftJoin(organizations, eq(organizations.id, members.organizationId))
    .orderBy(asc(members.name), asc(members.id))
    .all()
    .map((r) => ({ member: r.member, org: r.org ?? undefined }));
}

export function categoryLabel(category: string | null): string | undefined {
  return category ? (CATEGORIES[category as keyof typeof CATEGORIES] ?? category) : undefined;
}

/** "Chief of Police, Minneapolis Police Department" — what is known of both. */
export function roleLine(m: Pick<MemberRow, 'title'>, org: Pick<OrganizationRow, 'name'> | undefined): string {
  return [m.title, org?.name].filter(Boolean).join(', ');
}

/** "Jane Doe — Chief of Police, Minneapolis Police Department". */
export function describeMember(m: MemberRow, org: OrganizationRow | undefined): string {
  const role = roleLine(m, org);
  return role ? `${m.name} — ${role}` : m.name;
}

/** Roles a list shows beside a name. */
export function rolesOf(m: MemberRow): string[] {
  const roles: string[] = [];
  if (m.tier === 'board') roles.push('board');
  if (m.isCoordinator) roles.push('coordinator');
  if (m.isIssuer) roles.push('alert issuer');
  return roles;
}
