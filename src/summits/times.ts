// When an event's reminders and follow-up fall. Computed on the wall clock of the zone the event was
// scheduled in (luxon's `minus({days})` on the zoned time), so "7 days before a 09:00 summit" is 09:00
// local even when the clocks change in between — the hour-off bug of chat reminder bots.
import { DateTime, type DurationLike } from 'luxon';

export type ReminderStage = 'r30d' | 'r7d' | 'r1d' | 'r1h';

export interface ReminderRule {
  stage: ReminderStage;
  before: DurationLike;
  /** How it reads in a reminder: "in 7 days". */
  label: string;
  /** How far ahead: "7 days". */
  ahead: string;
  /** Who gets a direct message: members who have not answered yet, or those going. */
  dm: 'unanswered' | 'going';
  /** Whether the vetted conversations get a reminder too (never for a board meeting). */
  channels: boolean;
}

export const REMINDER_RULES: readonly ReminderRule[] = [
  { stage: 'r30d', before: { days: 30 }, label: 'in 30 days', ahead: '30 days', dm: 'unanswered', channels: false },
  { stage: 'r7d', before: { days: 7 }, label: 'in 7 days', ahead: '7 days', dm: 'unanswered', channels: true },
  { stage: 'r1d', before: { days: 1 }, label: 'tomorrow', ahead: '1 day', dm: 'unanswered', channels: true },
  { stage: 'r1h', before: { hours: 1 }, label: 'in one hour', ahead: '1 hour', dm: 'going', channels: false },
];

export function ruleOf(stage: string): ReminderRule | undefined {
  return REMINDER_RULES.find((r) => r.stage === stage);
}

/** Each reminder's time for an event starting at `startsAt` in `zone`, in order. */
export function reminderTimes(startsAt: Date, zone: string): { stage: ReminderStage; dueAt: Date }[] {
  const start = DateTime.fromJSDate(startsAt, { zone });
  return REMINDER_RULES.map((rule) => ({ stage: rule.stage, dueAt: start.minus(rule.before).toJSDate() }));
}

/** The morning after the event ends, 09:00 in its zone: when coordinators are offered the follow-up. */
export function followUpAt(startsAt: Date, durationMs: number, zone: string): Date {
  return DateTime.fromJSDate(new Date(startsAt.getTime() + durationMs), { zone })
    .plus({ days: 1 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}
