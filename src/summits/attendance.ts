// Read-only questions about an event's attendance, for other features (surveys) as well as this one:
// who was there, and what the event was. The summits store is the one writer of these tables.
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { summitAttendance, summitEvents } from '../../db/schema.js';

export type EventKind = 'summit' | 'board-meeting' | 'meeting';
export type EventStatus = 'draft' | 'scheduled' | 'cancelled' | 'discarded';

export interface EventSummary {
  id: number;
  kind: EventKind;
  title: string;
  startsAt: Date;
  zone: string;
  status: EventStatus;
}

/**
 * Member ids recorded as present at the event, alternates included: a member who came in person, and an
 * alternate who is a member themselves and came in someone's place. An alternate known only by name (a
 * contact card) has no member id and is not in the list. Sorted, each id once.
 */
export function eventAttendees(db: Db | Tx, eventId: number): number[] {
  const rows = db.select().from(summitAttendance).where(eq(summitAttendance.eventId, eventId)).orderBy(asc(summitAttendance.id)).all();
  const ids = new Set<number>();
  for (const row of rows) {
    if (row.via === 'self') ids.add(row.memberId);
    else if (row.alternateMemberId !== null) ids.add(row.alternateMemberId);
  }
  return [...ids].sort((a, b) => a - b);
}

export function eventSummary(db: Db | Tx, eventId: number): EventSummary | undefined {
  const row = db
    .select({ id: summitEvents.id, kind: summitEvents.kind, title: summitEvents.title, startsAt: summitEvents.startsAt, zone: summitEvents.zone, status: summitEvents.status })
    .from(summitEvents)
    .where(eq(summitEvents.id, eventId))
    .get();
  return row ? { ...row, kind: row.kind as EventKind, status: row.status as EventStatus } : undefined;
}
