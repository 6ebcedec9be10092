// A survey's audience in members: every active member, the board, members of some organization kinds
// or categories, or an event's attendees (through the summits seam); and the words that describe it.
import { CATEGORIES, ORGANIZATION_KINDS, type MemberRow } from '../members/model.js';
import { activeMembers } from '../members/audience.js';
import type { Services } from '../services.js';
import type { Audience } from './definition.js';
import { eventAttendees, eventSummary } from '../summits/attendance.js';

type Member = MemberRow & { organization: string | null };

export type AudienceMembers = { ok: true; members: Member[]; eventTitle?: string } | { ok: false; problem: string };

export async function membersOf(services: Services, audience: Audience): Promise<AudienceMembers> {
  switch (audience.kind) {
    case 'all':
      return { ok: true, members: activeMembers(services) };
    case 'board':
      return { ok: true, members: activeMembers(services, { board: true }) };
    case 'organization-kinds':
      return { ok: true, members: activeMembers(services, { organizationKinds: audience.values }) };
    case 'categories':
      return { ok: true, members: activeMembers(services, { categories: audience.values }) };
    case 'event': {
      const event = eventSummary(services.db, audience.eventId);
      if (!event) return { ok: false, problem: `There is no event #${audience.eventId}. \`summit list\` shows the events.` };
      const ids = eventAttendees(services.db, audience.eventId);
      return { ok: true, members: ids.length ? activeMembers(services, { memberIds: ids }) : [], eventTitle: event.title };
    }
  }
}

const label = (values: readonly string[], names: Record<string, string>) => values.map((v) => names[v] ?? v).join(', ');

export function describeAudience(audience: Audience, eventTitle?: string): string {
  switch (audience.kind) {
    case 'all':
      return 'every active member';
    case 'board':
      return 'the executive board';
    case 'organization-kinds':
      return `members from: ${label(audience.values, ORGANIZATION_KINDS)}`;
    case 'categories':
      return `members who are: ${label(audience.values, CATEGORIES)}`;
    case 'event':
      return `those who attended ${eventTitle ? `“${eventTitle}”` : `event #${audience.eventId}`}`;
  }
}
