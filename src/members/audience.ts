// Who an alert, a survey or an invitation reaches: active members chosen by tier, organization kind or
// category, split into those the bot can message on a connected platform and those it cannot — the
// latter with their 24/7 line, so the sender can call them instead.
import { and, eq, inArray } from 'drizzle-orm';
import { members, organizations } from '../../db/schema.js';
import type { Services } from '../services.js';
import type { MemberRow } from './model.js';
import { dmTargetOf } from './reach.js';

export interface AudienceFilter {
  /** Only the executive board (board tier; coordinators count as board wherever the board acts). */
  board?: boolean;
  /** Organization kinds (`local-agency`, `corporation`…): members of organizations of these kinds. */
  organizationKinds?: readonly string[];
  /** Membership categories (`law-enforcement`…). */
  categories?: readonly string[];
  /** Exactly these members (a TLP:RED alert's named recipients, an event's attendees). */
  memberIds?: readonly number[];
}

export interface AudienceMember {
  memberId: number;
  name: string;
  organization: string | null;
  contact247: string | null;
}

export interface ReachableMember extends AudienceMember {
  /** The platform identity a direct message goes to (`slack:U…`). */
  target: string;
}

export interface Reach {
  reachable: ReachableMember[];
  /** Active members with no account on a platform this deployment reaches: call them. */
  unreachable: AudienceMember[];
}

/** Active members matching the filter (every active member when it is empty), by name. */
export function activeMembers(services: Services, filter: AudienceFilter = {}): (MemberRow & { organization: string | null; organizationKind: string | null })[] {
  const conditions = [eq(members.status, 'active')];
  if (filter.memberIds) conditions.push(inArray(members.id, [...filter.memberIds]));
  if (filter.categories?.length) conditions.push(inArray(members.category, [...filter.categories]));
  const rows = services.db
    .select({ member: members, organization: organizations.name, organizationKind: organizations.kind })
    .from(members)
    .leftJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(...conditions))
    .all()
    .map((r) => ({ ...r.member, organization: r.organization, organizationKind: r.organizationKind }))
    .filter((m) => !filter.board || m.tier === 'board' || m.isCoordinator)
    .filter((m) => !filter.organizationKinds?.length || (m.organizationKind !== null && filter.organizationKinds.includes(m.organizationKind)));
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Splits members into those the bot can message and those it cannot reach on any connected platform. */
export function reachOf(services: Services, people: readonly (MemberRow & { organization?: string | null })[]): Reach {
  const reach: Reach = { reachable: [], unreachable: [] };
  for (const m of people) {
    const base: AudienceMember = { memberId: m.id, name: m.name, organization: m.organization ?? null, contact247: m.contact247 };
    const target = dmTargetOf(services, m.id);
    if (target) reach.reachable.push({ ...base, target });
    else reach.unreachable.push(base);
  }
  return reach;
}
