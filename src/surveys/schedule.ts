// When a survey's work is due: its close, its reminders (halfway, or a time before the close; never
// after it) and, for a repeating survey, its next occurrence — each a timer (src/timers/), so a restart
// or a Redis flush loses none and none fires twice.
import { DateTime } from 'luxon';
import type { TimerSetting } from '../timers/store.js';
import { parseSpan, type Repeat } from './definition.js';

export const CLOSE_TIMER = 'survey.close';
export const REMIND_TIMER = 'survey.remind';
export const NEXT_TIMER = 'survey.next';

export const closeKey = (id: number) => `survey-${id}-close`;
export const remindKey = (id: number, label: string) => `survey-${id}-remind-${label}`;
export const nextKey = (id: number) => `survey-${id}-next`;

/** The label a reminder's timer key ends with, read back by its handler. */
export function reminderLabel(key: string): string | undefined {
  return /^survey-\d+-remind-(.+)$/.exec(key)?.[1];
}

/** A reminder closer than this to the opening or the close would only be noise. */
const MARGIN_MS = 30 * 60_000;

/** The reminders' times: only between the opening and the close, at least 30 minutes from either, one per moment. */
export function reminderTimes(openedAt: Date, closesAt: Date, reminders: readonly string[]): { label: string; at: Date }[] {
  const open = openedAt.getTime();
  const close = closesAt.getTime();
  const out: { label: string; at: Date }[] = [];
  for (const label of reminders) {
    const at = label === 'halfway' ? open + Math.round((close - open) / 2) : close - (parseSpan(label) ?? Number.NaN);
    if (!Number.isFinite(at) || at < open + MARGIN_MS || at > close - MARGIN_MS) continue;
    if (out.some((o) => Math.abs(o.at.getTime() - at) < MARGIN_MS)) continue;
    out.push({ label, at: new Date(at) });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The next occurrence of a repeating survey: the same wall-clock time one or three months on, DST included. */
export function nextOccurrence(openedAt: Date, repeat: Repeat, zone: string): Date | undefined {
  if (repeat === 'none') return undefined;
  return DateTime.fromJSDate(openedAt, { zone })
    .plus({ months: repeat === 'monthly' ? 1 : 3 })
    .toJSDate();
}

/** Every timer an opened survey needs. */
export function timersOfOpened(s: { id: number; openedAt: Date; closesAt: Date; reminders: readonly string[]; repeat: Repeat }, zone: string): TimerSetting[] {
  const subject = String(s.id);
  const settings: TimerSetting[] = [{ key: closeKey(s.id), kind: CLOSE_TIMER, subject, dueAt: s.closesAt }];
  for (const r of reminderTimes(s.openedAt, s.closesAt, s.reminders)) settings.push({ key: remindKey(s.id, r.label), kind: REMIND_TIMER, subject, dueAt: r.at });
  const next = nextOccurrence(s.openedAt, s.repeat, zone);
  if (next) settings.push({ key: nextKey(s.id), kind: NEXT_TIMER, subject, dueAt: next });
  return settings;
}
