// Who an event reaches: every active member and every vetted conversation for a summit or meeting; the
// executive board alone, by direct message, for a board meeting. And who holds its calendar invite.
import type { Db, Tx } from '../../db/client.js';
import { vettedConversations, type ChannelRow } from '../channels/store.js';
import { activeMembers } from '../members/audience.js';
import type { Services } from '../services.js';
import type { Links } from './cards.js';
import type { EventKind } from './kinds.js';
import { rsvpsOf, type EventRow } from './store.js';

export function eventMembers(services: Services, kind: EventKind) {
  return activeMembers(services, kind === 'board-meeting' ? { board: true } : {});
}

/** The conversations the announcement is posted in: none for a board meeting (its members get DMs). */
export function eventConversations(services: Services, kind: EventKind): ChannelRow[] {
  return kind === 'board-meeting' ? [] : vettedConversations(services.db);
}

/**
 * Who should hold the event's calendar invite: members going; an alternate who is a member, standing in
 * for someone; and a member sending an alternate known only by a contact card (they pass it on).
 */
export function inviteHolders(db: Db | Tx, eventId: number): Set<number> {
  const holders = new Set<number>();
  for (const r of rsvpsOf(db, eventId)) {
    if (r.answer === 'going') holders.add(r.memberId);
    if (r.answer === 'alternate') holders.add(r.alternateMemberId ?? r.memberId);
  }
  return holders;
}

/** The "Add to calendar" link of an event, when the bot has a public address. */
export function linksOf(services: Services, event: Pick<EventRow, 'icsToken'>): Links {
  return services.config.publicUrl ? { icsUrl: `${services.config.publicUrl}/events/${event.icsToken}.ics` } : {};
}
