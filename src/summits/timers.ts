// The timers an event sets (src/timers/): its four reminders and the day-after follow-up, moved with the
// event and cancelled with it, and one invite timer per member whose calendar copy must change. SQLite
// holds them; reconcile carries them through restarts and a Redis flush.
import type { Tx } from '../../db/client.js';
import { cancelTimers, cancelTimersOf, setTimer, timersOf, type TimerTicket } from '../timers/store.js';
import type { EventRow } from './store.js';
import { followUpAt, reminderTimes, type ReminderStage } from './times.js';

export const REMINDER_TIMER = 'summit-reminder';
export const FOLLOW_UP_TIMER = 'summit-follow-up';
export const INVITE_TIMER = 'summit-invite';

export const reminderKey = (eventId: number, stage: ReminderStage) => `summit-${eventId}-${stage}`;
export const followUpKey = (eventId: number) => `summit-${eventId}-follow-up`;
export const inviteKey = (eventId: number, memberId: number) => `summit-${eventId}-invite-${memberId}`;
export const inviteSubject = (eventId: number, memberId: number) => `${eventId}/${memberId}`;

export function stageOfKey(key: string): ReminderStage | undefined {
  const stage = /-(r30d|r7d|r1d|r1h)$/.exec(key)?.[1];
  return stage as ReminderStage | undefined;
}

/**
 * Sets the event's reminders at their times (a reminder already in the past when it is scheduled or
 * moved is not set: it would only fire late) and its follow-up. Setting a key again moves it, so a
 * moved event's old times never fire. Call inside the change's transaction; arm the tickets after.
 */
export function planEventTimers(tx: Tx, event: EventRow, now: Date): TimerTicket[] {
  const subject = String(event.id);
  const tickets: TimerTicket[] = [];
  const past: string[] = [];
  for (const { stage, dueAt } of reminderTimes(event.startsAt, event.zone)) {
    const key = reminderKey(event.id, stage);
    if (dueAt.getTime() > now.getTime()) tickets.push(setTimer(tx, { key, kind: REMINDER_TIMER, subject, dueAt }, now));
    else past.push(key);
  }
  cancelTimers(tx, past, now);
  tickets.push(setTimer(tx, { key: followUpKey(event.id), kind: FOLLOW_UP_TIMER, subject, dueAt: followUpAt(event.startsAt, event.durationMs, event.zone) }, now));
  return tickets;
}

/** Cancels every pending reminder and the follow-up: a cancelled event sends neither. */
export function cancelEventTimers(tx: Tx, eventId: number, now: Date): void {
  cancelTimersOf(tx, REMINDER_TIMER, String(eventId), now);
  cancelTimersOf(tx, FOLLOW_UP_TIMER, String(eventId), now);
}

/**
 * Asks for these members' calendar copies to be brought up to date (a new invite, a changed one, or a
 * cancellation). Each member has one invite timer, which reads the state when it runs: one still
 * waiting is left to do it; otherwise it is set due now (or just after its last time, so a change in
 * the same millisecond as the last run still runs).
 */
export function oweInvites(tx: Tx, eventId: number, memberIds: Iterable<number>, now: Date): TimerTicket[] {
  const tickets: TimerTicket[] = [];
  for (const memberId of new Set(memberIds)) {
    const subject = inviteSubject(eventId, memberId);
    const last = timersOf(tx, INVITE_TIMER, subject)[0];
    const running = !!last?.claimedUntil && last.claimedUntil.getTime() > now.getTime();
    if (last?.status === 'pending' && !running) {
      tickets.push({ id: last.id, dueAt: last.dueAt });
      continue;
    }
    const dueAt = last && last.dueAt.getTime() >= now.getTime() ? new Date(last.dueAt.getTime() + 1) : now;
    tickets.push(setTimer(tx, { key: inviteKey(eventId, memberId), kind: INVITE_TIMER, subject, dueAt }, now));
  }
  return tickets;
}
