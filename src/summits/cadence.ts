// The meeting rhythm, computed from SQLite: RSVP and attendance rates per event, meetings piling up
// within 30 days ("meeting exhaustion", the seeds' cadence question), and the Twin Cities rule that each
// member attends at least one semi-annual meeting (a summit) a year.
import type { Db } from '../../db/client.js';
import { activeMembers } from '../members/audience.js';
import type { Services } from '../services.js';
import { attendanceOfEvents, eventsBetween, rsvpCounts, type Counts, type EventRow } from './store.js';

export const DAY_MS = 86_400_000;
export const WINDOW_MS = 30 * DAY_MS;
export const YEAR_MS = 365 * DAY_MS;

export interface PileUp {
  from: Date;
  to: Date;
  count: number;
  titles: string[];
}

/** Runs of more than `max` meetings within 30 days, each reported once (the widest run from its first). */
export function pileUps(events: readonly { startsAt: Date; title: string }[], max: number): PileUp[] {
  const sorted = [...events].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const found: PileUp[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.startsAt.getTime() < sorted[i]!.startsAt.getTime() + WINDOW_MS) j++;
    const count = j - i + 1;
    const last = found.at(-1);
    if (count > max && (!last || sorted[i]!.startsAt.getTime() > last.to.getTime())) {
      found.push({ from: sorted[i]!.startsAt, to: sorted[j]!.startsAt, count, titles: sorted.slice(i, j + 1).map((e) => e.title) });
    }
  }
  return found;
}

export interface EventStat {
  event: EventRow;
  counts: Counts;
  /** Share of the audience that answered; undefined without an audience. */
  rsvpRate?: number;
  /** Present in person or represented by an alternate; undefined until attendance is recorded. */
  attended?: number;
  attendanceRate?: number;
}

export function eventStats(db: Db, events: EventRow[]): EventStat[] {
  const rows = attendanceOfEvents(db, events.filter((e) => e.attendanceRecordedAt).map((e) => e.id));
  return events.map((event) => {
    const counts = rsvpCounts(db, event.id);
    const answered = counts.going + counts.notGoing + counts.alternate;
    const stat: EventStat = { event, counts };
    if (event.audience) stat.rsvpRate = answered / event.audience;
    if (event.attendanceRecordedAt) {
      stat.attended = rows.filter((r) => r.eventId === event.id).length;
      if (event.audience) stat.attendanceRate = stat.attended / event.audience;
    }
    return stat;
  });
}

export interface SemiAnnualCheck {
  /** Summits of the last 12 months whose attendance is recorded: the ones a member can have missed. */
  counted: EventRow[];
  /** Summits of the last 12 months still without recorded attendance. */
  unrecorded: EventRow[];
  /** Active members who missed every counted summit held since they became members. */
  missed: { id: number; name: string; organization: string | null }[];
}

/**
 * The Twin Cities rule: at least one semi-annual meeting a year. A member represented by their
 * alternate counts as present (the resilience ingredient), and so does the alternate, if a member. A summit held before someone was vetted is
 * not held against them; a member with no counted summit since is not listed.
 */
export function semiAnnualCheck(services: Services, now: Date): SemiAnnualCheck {
  const summits = eventsBetween(services.db, new Date(now.getTime() - YEAR_MS), now, ['scheduled']).filter((e) => e.kind === 'summit');
  const counted = summits.filter((e) => e.attendanceRecordedAt);
  const unrecorded = summits.filter((e) => !e.attendanceRecordedAt);
  const present = new Map<number, Set<number>>();
  const mark = (memberId: number, eventId: number) => present.set(memberId, (present.get(memberId) ?? new Set()).add(eventId));
  for (const row of attendanceOfEvents(services.db, counted.map((e) => e.id))) {
    mark(row.memberId, row.eventId);
    // An alternate who is a member was there in person too.
    if (row.alternateMemberId !== null) mark(row.alternateMemberId, row.eventId);
  }
  const missed = activeMembers(services)
    .filter((m) => {
      const since = (m.vettedAt ?? m.createdAt).getTime();
      const theirs = counted.filter((e) => e.startsAt.getTime() >= since);
      return theirs.length > 0 && !theirs.some((e) => present.get(m.id)?.has(e.id));
    })
    .map((m) => ({ id: m.id, name: m.name, organization: m.organization }));
  return { counted, unrecorded, missed };
}

export const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 100)}%`);
