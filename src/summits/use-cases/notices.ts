// Who is told of a change to an event: every member who answered (and the alternates standing in), each
// in their own zone, and — for a board meeting — every board member; plus each conversation the
// announcement was posted in.
import type { Card } from '../../cards/card.js';
import { dmItem, postItem } from '../../delivery/outbox.js';
import type { DeliveryItem } from '../../delivery/store.js';
import { reachOf } from '../../members/audience.js';
import { activeMembers } from '../../members/audience.js';
import type { Services } from '../../services.js';
import { eventMembers, inviteHolders } from '../audience.js';
import { announcedConversations, rsvpsOf, type EventRow } from '../store.js';

export function changeNotices(services: Services, event: EventRow, personal: (zone: string | null) => Card, posted: Card): DeliveryItem[] {
  const ids = new Set([...rsvpsOf(services.db, event.id).map((r) => r.memberId), ...inviteHolders(services.db, event.id)]);
  if (event.kind === 'board-meeting') for (const m of eventMembers(services, event.kind)) ids.add(m.id);
  const people = activeMembers(services, { memberIds: [...ids] });
  const zones = new Map(people.map((m) => [m.id, m.timezone]));
  const items: DeliveryItem[] = reachOf(services, people).reachable.map((p) => dmItem(p.target, personal(zones.get(p.memberId) ?? null)));
  for (const address of announcedConversations(services.db, event.id)) items.push(postItem(address, posted));
  return items;
}
