// Summits and meetings: the event (start in UTC with the zone it was scheduled in), each member's RSVP,
// who came, and the calendar invites each member holds (so a change re-sends and a cancel withdraws).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { members } from './members.js';

export const summitEvents = sqliteTable(
  'summit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // summit | board-meeting | meeting
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    place: text('place'),
    startsAt: ms('starts_at').notNull(),
    // The IANA zone it was scheduled in: reminders keep its wall-clock time across DST.
    zone: text('zone').notNull(),
    durationMs: integer('duration_ms').notNull(),
    // draft (awaiting Confirm) | scheduled | cancelled | discarded (a draft nobody confirmed)
    status: text('status').notNull().default('draft'),
    // RFC 5545 SEQUENCE: raised on each change the invite carries (a move, a cancel).
    sequence: integer('sequence').notNull().default(0),
    // RFC 5545 UID, the same for the event's whole life, so calendars update it in place.
    uid: text('uid').notNull().unique(),
    // The unguessable part of the "Add to calendar" link (/events/<token>.ics).
    icsToken: text('ics_token').notNull().unique(),
    // How many members it was announced to, for the RSVP and attendance rates.
    audience: integer('audience'),
    cancelReason: text('cancel_reason'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => members.id),
    createdAt: ms('created_at').notNull(),
    confirmedBy: integer('confirmed_by'),
    confirmedAt: ms('confirmed_at'),
    cancelledAt: ms('cancelled_at'),
    // Set once a coordinator has recorded who came: only then can someone be said to have missed it.
    attendanceRecordedAt: ms('attendance_recorded_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('summit_events_start').on(t.status, t.startsAt)],
);

// One answer per member per event, whichever platform or linked account it came from.
export const summitRsvps = sqliteTable(
  'summit_rsvps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => summitEvents.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    // going | not-going | alternate
    answer: text('answer').notNull(),
    // The alternate named when the answer is `alternate`: a member, or only a name from a contact card.
    alternateMemberId: integer('alternate_member_id'),
    alternateName: text('alternate_name'),
    // The identity that answered last (`teams:…`): the invite goes back to where they answered.
    identity: text('identity').notNull(),
    answeredAt: ms('answered_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('summit_rsvps_member').on(t.eventId, t.memberId)],
);

// Who came: a member in person, or represented by their alternate (a member or a named contact).
export const summitAttendance = sqliteTable(
  'summit_attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => summitEvents.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    // self | alternate
    via: text('via').notNull(),
    alternateMemberId: integer('alternate_member_id'),
    alternateName: text('alternate_name'),
    recordedBy: integer('recorded_by').notNull(),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('summit_attendance_member').on(t.eventId, t.memberId)],
);

// The invite a member last received for an event: a change re-sends it with a higher SEQUENCE, an
// answer of "not going" or a cancel withdraws it (METHOD:CANCEL). Makes the invite sender idempotent.
export const summitInvites = sqliteTable(
  'summit_invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => summitEvents.id),
    memberId: integer('member_id').notNull(),
    // The SEQUENCE the member's copy carried (theirs only ever rises), and the event version it showed.
    sequence: integer('sequence').notNull(),
    eventSequence: integer('event_sequence').notNull(),
    // REQUEST | CANCEL
    method: text('method').notNull(),
    // The identity the file went to, and where it landed (a console path).
    target: text('target').notNull(),
    location: text('location'),
    sentAt: ms('sent_at').notNull(),
  },
  (t) => [uniqueIndex('summit_invites_member').on(t.eventId, t.memberId)],
);
