// Summits in SQLite, the one writer of the summit tables: drafts, scheduling, moves and cancels (each
// audited), one RSVP per member, attendance, and the invite each member holds. A change to what a posted
// event card shows records its redraws in the same transaction and returns them.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { deliveries, members, summitAttendance, summitEvents, summitInvites, summitRsvps } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { oweRedraws, type Redraw } from '../delivery/redraw.js';
import type { EventKind, EventStatus } from './attendance.js';

type Reader = Db | Tx;

export type EventRow = Omit<typeof summitEvents.$inferSelect, 'kind' | 'status'> & { kind: EventKind; status: EventStatus };
export type Answer = 'going' | 'not-going' | 'alternate';
export type RsvpRow = Omit<typeof summitRsvps.$inferSelect, 'answer'> & { answer: Answer };
export type InviteRow = typeof summitInvites.$inferSelect;

export interface ActedBy {
  memberId: number;
  /** The identity that acted, for the audit log. */
  identity: string;
}

/** The renderer that draws an event's posted card (counts, status) from SQLite. */
export const EVENT_RENDERER = 'summit-event';
export const eventSubject = (id: number) => `summit-${id}`;
export const eventIdOf = (subject: string): number | undefined => {
  const m = /^summit-(\d+)$/.exec(subject);
  return m ? Number(m[1]) : undefined;
};
/** The delivery batch of the announcement: its sent copies are the cards redrawn on each answer. */
export const announceBatch = (id: number) => `summit-${id}-announce`;

const asEvent = (row: typeof summitEvents.$inferSelect): EventRow => ({ ...row, kind: row.kind as EventKind, status: row.status as EventStatus });

export function getEvent(db: Reader, id: number): EventRow | undefined {
  const row = db.select().from(summitEvents).where(eq(summitEvents.id, id)).get();
  return row ? asEvent(row) : undefined;
}

/** The event an "Add to calendar" link names; drafts and discarded drafts are nobody's business. */
export function eventByToken(db: Reader, token: string): EventRow | undefined {
  const row = db.select().from(summitEvents).where(eq(summitEvents.icsToken, token)).get();
  return row && (row.status === 'scheduled' || row.status === 'cancelled') ? asEvent(row) : undefined;
}

/** Scheduled and cancelled events starting within [from, to], in order. */
export function eventsBetween(db: Reader, from: Date, to: Date, statuses: EventStatus[] = ['scheduled', 'cancelled']): EventRow[] {
  return db
    .select()
    .from(summitEvents)
    .where(and(inArray(summitEvents.status, statuses), gte(summitEvents.startsAt, from), lte(summitEvents.startsAt, to)))
    .orderBy(asc(summitEvents.startsAt), asc(summitEvents.id))
    .all()
    .map(asEvent);
}

export interface Draft {
  kind: EventKind;
  title: string;
  place: string | null;
  startsAt: Date;
  zone: string;
  durationMs: number;
}

/** A draft waiting for Confirm: nothing is announced and no reminder is set until then. */
export function createDraft(db: Db, draft: Draft, createdBy: number, at: Date): EventRow {
  // The UID names the event for its whole life in every calendar; the token is the link's secret.
  const uid = `${randomBytes(12).toString('hex')}@ppp-bot`;
  const icsToken = randomBytes(24).toString('base64url');
  const row = db
    .insert(summitEvents)
    .values({ ...draft, uid, icsToken, createdBy, createdAt: at, updatedAt: at })
    .returning()
    .get();
  return asEvent(row);
}

export function discardDraft(db: Db, id: number, at: Date): boolean {
  return db.update(summitEvents).set({ status: 'discarded', updatedAt: at }).where(and(eq(summitEvents.id, id), eq(summitEvents.status, 'draft'))).run().changes > 0;
}

/** draft → scheduled exactly once, audited; undefined when it was already confirmed or discarded. */
export function scheduleEvent(tx: Tx, id: number, by: ActedBy, audience: number, at: Date): EventRow | undefined {
  const row = tx
    .update(summitEvents)
    .set({ status: 'scheduled', confirmedBy: by.memberId, confirmedAt: at, audience, updatedAt: at })
    .where(and(eq(summitEvents.id, id), eq(summitEvents.status, 'draft')))
    .returning()
    .get();
  if (!row) return undefined;
  writeAudit(tx, {
    at,
    actor: by.identity,
    actorMemberId: by.memberId,
    action: 'summit.schedule',
    subject: eventSubject(id),
    details: { kind: row.kind, title: row.title, startsAt: row.startsAt.toISOString(), zone: row.zone, durationMs: row.durationMs, place: row.place, audience },
  });
  return asEvent(row);
}

export interface Move {
  startsAt: Date;
  zone: string;
  durationMs: number;
}

/**
 * Moves a scheduled event that is still at `sequence` (the version the coordinator confirmed the move
 * against), raising SEQUENCE; audited with both times. Undefined when it changed meanwhile.
 */
export function moveEvent(tx: Tx, id: number, sequence: number, move: Move, by: ActedBy, at: Date): { before: EventRow; after: EventRow } | undefined {
  const before = getEvent(tx, id);
  if (!before || before.status !== 'scheduled' || before.sequence !== sequence) return undefined;
  const row = tx
    .update(summitEvents)
    .set({ ...move, sequence: before.sequence + 1, updatedAt: at })
    .where(and(eq(summitEvents.id, id), eq(summitEvents.sequence, sequence)))
    .returning()
    .get();
  if (!row) return undefined;
  writeAudit(tx, {
    at,
    actor: by.identity,
    actorMemberId: by.memberId,
    action: 'summit.move',
    subject: eventSubject(id),
    details: { from: before.startsAt.toISOString(), to: move.startsAt.toISOString(), zone: move.zone, durationMs: move.durationMs, sequence: row.sequence },
  });
  return { before, after: asEvent(row) };
}

/** scheduled → cancelled exactly once, raising SEQUENCE; audited. */
export function cancelEvent(tx: Tx, id: number, reason: string | null, by: ActedBy, at: Date): EventRow | undefined {
  const row = tx
    .update(summitEvents)
    .set({ status: 'cancelled', cancelReason: reason, cancelledAt: at, sequence: sql`${summitEvents.sequence} + 1`, updatedAt: at })
    .where(and(eq(summitEvents.id, id), eq(summitEvents.status, 'scheduled')))
    .returning()
    .get();
  if (!row) return undefined;
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'summit.cancel', subject: eventSubject(id), details: { reason, startsAt: row.startsAt.toISOString(), sequence: row.sequence } });
  return asEvent(row);
}

export interface RsvpInput {
  eventId: number;
  memberId: number;
  answer: Answer;
  alternateMemberId: number | null;
  alternateName: string | null;
  identity: string;
}

/** Records a member's answer (one per member, from any of their accounts); returns the one it replaced. */
export function setRsvp(tx: Tx, input: RsvpInput, at: Date): RsvpRow | undefined {
  const previous = rsvpOf(tx, input.eventId, input.memberId);
  const values = { answer: input.answer, alternateMemberId: input.alternateMemberId, alternateName: input.alternateName, identity: input.identity, updatedAt: at };
  tx.insert(summitRsvps)
    .values({ eventId: input.eventId, memberId: input.memberId, answeredAt: at, ...values })
    .onConflictDoUpdate({ target: [summitRsvps.eventId, summitRsvps.memberId], set: { ...values, answeredAt: at } })
    .run();
  return previous;
}

export function rsvpOf(db: Reader, eventId: number, memberId: number): RsvpRow | undefined {
  const row = db.select().from(summitRsvps).where(and(eq(summitRsvps.eventId, eventId), eq(summitRsvps.memberId, memberId))).get();
  return row ? { ...row, answer: row.answer as Answer } : undefined;
}

export function rsvpsOf(db: Reader, eventId: number): (RsvpRow & { name: string })[] {
  return db
    .select({ rsvp: summitRsvps, name: members.name })
    .from(summitRsvps)
    .innerJoin(members, eq(members.id, summitRsvps.memberId))
    .where(eq(summitRsvps.eventId, eventId))
    .orderBy(asc(members.name))
    .all()
    .map((r) => ({ ...r.rsvp, answer: r.rsvp.answer as Answer, name: r.name }));
}

export interface Counts {
  going: number;
  notGoing: number;
  alternate: number;
}

export function rsvpCounts(db: Reader, eventId: number): Counts {
  const rows = db
    .select({ answer: summitRsvps.answer, n: sql<number>`count(*)` })
    .from(summitRsvps)
    .where(eq(summitRsvps.eventId, eventId))
    .groupBy(summitRsvps.answer)
    .all();
  const n = (a: Answer) => rows.find((r) => r.answer === a)?.n ?? 0;
  return { going: n('going'), notGoing: n('not-going'), alternate: n('alternate') };
}

/** The posted copies of the event's card (channel posts, board members' DMs) that have landed. */
export function postedCards(db: Reader, eventId: number): { address: string; messageId: string }[] {
  return db
    .select({ address: deliveries.messageAddress, target: deliveries.target, kind: deliveries.kind, messageId: deliveries.messageId })
    .from(deliveries)
    .where(and(eq(deliveries.batch, announceBatch(eventId)), eq(deliveries.status, 'sent')))
    .all()
    .filter((r) => r.messageId)
    .map((r) => ({ address: r.address ?? r.target, messageId: r.messageId! }));
}

/** The conversations the announcement was posted in (sent or on its way): where a change is told. */
export function announcedConversations(db: Reader, eventId: number): string[] {
  return db
    .select({ target: deliveries.target })
    .from(deliveries)
    .where(and(eq(deliveries.batch, announceBatch(eventId)), eq(deliveries.kind, 'post'), inArray(deliveries.status, ['sent', 'pending'])))
    .all()
    .map((r) => r.target);
}

/** Records, in the change's transaction, that every posted copy of the event's card must be redrawn. */
export function redrawEventCards(tx: Tx, eventId: number, at: Date): Redraw {
  const requests = postedCards(tx, eventId).map((c) => ({ ...c, renderer: EVENT_RENDERER, subject: eventSubject(eventId) }));
  return oweRedraws(tx, requests, at);
}

export interface AttendanceEntry {
  memberId: number;
  via: 'self' | 'alternate';
  alternateMemberId: number | null;
  alternateName: string | null;
}

export type AttendanceRow = typeof summitAttendance.$inferSelect;

/** Replaces the event's attendance with what the coordinator recorded; audited. */
export function recordAttendance(db: Db, eventId: number, entries: AttendanceEntry[], by: ActedBy, at: Date): void {
  db.transaction((tx) => {
    tx.delete(summitAttendance).where(eq(summitAttendance.eventId, eventId)).run();
    for (const entry of entries) {
      tx.insert(summitAttendance).values({ eventId, ...entry, recordedBy: by.memberId, recordedAt: at }).onConflictDoNothing().run();
    }
    tx.update(summitEvents).set({ attendanceRecordedAt: at, updatedAt: at }).where(eq(summitEvents.id, eventId)).run();
    writeAudit(tx, {
      at,
      actor: by.identity,
      actorMemberId: by.memberId,
      action: 'summit.attendance',
      subject: eventSubject(eventId),
      details: { present: entries.filter((e) => e.via === 'self').length, represented: entries.filter((e) => e.via === 'alternate').length },
    });
  });
}

export function attendanceOf(db: Reader, eventId: number): AttendanceRow[] {
  return db.select().from(summitAttendance).where(eq(summitAttendance.eventId, eventId)).orderBy(asc(summitAttendance.id)).all();
}

/** Every attendance row of these events (for the cadence's rates and the semi-annual rule). */
export function attendanceOfEvents(db: Reader, eventIds: number[]): AttendanceRow[] {
  if (eventIds.length === 0) return [];
  return db.select().from(summitAttendance).where(inArray(summitAttendance.eventId, eventIds)).all();
}

export function inviteOf(db: Reader, eventId: number, memberId: number): InviteRow | undefined {
  return db.select().from(summitInvites).where(and(eq(summitInvites.eventId, eventId), eq(summitInvites.memberId, memberId))).get();
}

export function invitesOf(db: Reader, eventId: number): InviteRow[] {
  return db.select().from(summitInvites).where(eq(summitInvites.eventId, eventId)).all();
}

export function recordInvite(db: Db, invite: Omit<InviteRow, 'id'>): void {
  const { sequence, eventSequence, method, target, location, sentAt } = invite;
  db.insert(summitInvites)
    .values(invite)
    .onConflictDoUpdate({ target: [summitInvites.eventId, summitInvites.memberId], set: { sequence, eventSequence, method, target, location, sentAt } })
    .run();
}
