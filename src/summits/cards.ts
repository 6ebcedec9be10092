// The cards of a summit or meeting: the coordinator's check of the parsed date, the posted card with its
// RSVP buttons and counts, reminders (in the reader's own zone), a move, a cancel, and the day after.
import { bold, context, literal, text, type Button, type Card, type CardElement, type Rich } from '../cards/card.js';
import { describeForReader, describeWhen } from '../core/when.js';
import { KIND_LABEL, kindNoun } from './kinds.js';
import type { Counts, EventRow } from './store.js';
import type { ReminderRule } from './times.js';

export const SUMMIT_CONFIRM = 'summit.confirm';
export const SUMMIT_DISCARD = 'summit.discard';
export const SUMMIT_MOVE = 'summit.move';
export const SUMMIT_CANCEL = 'summit.cancel';
/** Keeps the event as it is: the coordinator thought better of a move or a cancel. */
export const SUMMIT_KEEP = 'summit.keep';
export const SUMMIT_RSVP = 'summit.rsvp';
export const SUMMIT_ATTENDANCE = 'summit.attendance';

export type CardEvent = Pick<EventRow, 'id' | 'kind' | 'title' | 'place' | 'startsAt' | 'zone' | 'durationMs' | 'status' | 'cancelReason'>;

export interface Links {
  /** The "Add to calendar" link, when PPP_PUBLIC_URL is set. */
  icsUrl?: string;
}

export function lengthOf(durationMs: number): string {
  const minutes = Math.round(durationMs / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
}

export const rsvpValue = (id: number, answer: 'going' | 'not-going' | 'alternate') => `${id}:${answer}`;

export function rsvpButtons(id: number): CardElement {
  return {
    type: 'actions',
    elements: [
      { type: 'button', actionId: SUMMIT_RSVP, label: 'Going', value: rsvpValue(id, 'going'), style: 'primary' },
      { type: 'button', actionId: SUMMIT_RSVP, label: 'Not going', value: rsvpValue(id, 'not-going') },
      { type: 'button', actionId: SUMMIT_RSVP, label: 'Sending my alternate', value: rsvpValue(id, 'alternate') },
    ],
  };
}

function facts(event: CardEvent, when: string): CardElement {
  const fields: { label: string; value: Rich }[] = [
    { label: 'When', value: when },
    { label: 'Length', value: lengthOf(event.durationMs) },
  ];
  if (event.place) fields.push({ label: 'Where', value: literal(event.place) });
  return { type: 'fields', fields };
}

/** Where a member gets the calendar invite: the link, or (without a public address) by answering. */
function calendarLine(links: Links): CardElement {
  return links.icsUrl
    ? context([{ text: 'Add to calendar', link: links.icsUrl }, ' — or press Going and I send the invite to your direct messages.'])
    : context('Press Going (or Sending my alternate) and I send the calendar invite to your direct messages.');
}

export function countsLine(counts: Counts): string {
  return `Going: ${counts.going} · Not going: ${counts.notGoing} · Sending an alternate: ${counts.alternate}`;
}

/** The coordinator's check before anything is announced: the date in words, the audience, Confirm / Cancel. */
export function confirmCard(event: CardEvent, audience: string, reminders: string[], warnings: string[]): Card {
  const elements: CardElement[] = [
    text([bold('Title: '), literal(event.title)]),
    facts(event, describeWhen(event.startsAt, event.zone)),
    text([bold('Announced to: '), audience]),
    context(reminders.length ? `Reminders: ${reminders.join('; ')}.` : 'It is too close for any reminder before it.'),
  ];
  for (const warning of warnings) elements.push(text(`⚠️ ${warning}`));
  elements.push({
    type: 'actions',
    elements: [
      { type: 'button', actionId: SUMMIT_CONFIRM, label: 'Confirm', value: String(event.id), style: 'primary' },
      { type: 'button', actionId: SUMMIT_DISCARD, label: 'Cancel', value: String(event.id) },
    ],
  });
  return { header: `Check the date: ${KIND_LABEL[event.kind].toLowerCase()} #${event.id}`, elements, fallback: `Check the date of ${event.title}: ${describeWhen(event.startsAt, event.zone)}` };
}

/**
 * The posted card, drawn again from SQLite as members answer: the facts in the event's own zone, the
 * counts, and the RSVP buttons while answers are open. Cancelled or started, the buttons go.
 */
export function eventCard(partnership: string, event: CardEvent, counts: Counts, links: Links, now: Date): Card {
  const when = describeWhen(event.startsAt, event.zone);
  if (event.status === 'cancelled') {
    const elements: CardElement[] = [facts(event, when)];
    if (event.cancelReason) elements.push(text([bold('Reason: '), literal(event.cancelReason)]));
    elements.push(context(`${partnership} · #${event.id}`));
    return { header: `Cancelled — ${KIND_LABEL[event.kind]}: ${event.title}`, elements, fallback: `Cancelled: ${event.title}` };
  }
  const open = event.startsAt.getTime() > now.getTime();
  const elements: CardElement[] = [facts(event, when), text([bold('Answers so far: '), countsLine(counts)])];
  if (open) {
    elements.push(rsvpButtons(event.id), calendarLine(links));
  } else {
    elements.push(context('It has started: answers are closed.'));
  }
  elements.push(context(`${partnership} · ${KIND_LABEL[event.kind]} #${event.id}${event.kind === 'board-meeting' ? ' · executive board only' : ''}`));
  return { header: `${KIND_LABEL[event.kind]}: ${event.title}`, elements, fallback: `${KIND_LABEL[event.kind]}: ${event.title}, ${when}` };
}

const lateNote = (dueAt: Date, zone: string) => context(`Sent late: this reminder was due ${describeWhen(dueAt, zone)}, while the bot was offline.`);

/** A member's reminder, with the time in their own zone where the roster knows it. */
export function reminderCard(event: CardEvent, rule: ReminderRule, readerZone: string | null, links: Links, late: { dueAt: Date } | undefined): Card {
  const when = describeForReader(event.startsAt, event.zone, readerZone);
  const elements: CardElement[] = [facts(event, when)];
  if (rule.dm === 'going') {
    elements.push(text(`You said you are going (or are standing in for someone). It starts ${rule.label}.`));
    if (links.icsUrl) elements.push(context([{ text: 'Add to calendar', link: links.icsUrl }]));
  } else {
    elements.push(text(`It is ${rule.label} and you have not answered yet: will you be there?`), rsvpButtons(event.id), calendarLine(links));
  }
  if (late) elements.push(lateNote(late.dueAt, event.zone));
  return { header: `Reminder: ${event.title} ${rule.label}`, elements, fallback: `Reminder: ${event.title} ${rule.label}, ${when}` };
}

/** The reminder a vetted conversation gets at 7 days and 1 day: the event's own zone, the buttons. */
export function channelReminderCard(event: CardEvent, rule: ReminderRule, counts: Counts, links: Links, late: { dueAt: Date } | undefined): Card {
  const elements: CardElement[] = [facts(event, describeWhen(event.startsAt, event.zone)), text([bold('Answers so far: '), countsLine(counts)]), rsvpButtons(event.id), calendarLine(links)];
  if (late) elements.push(lateNote(late.dueAt, event.zone));
  return { header: `Reminder: ${KIND_LABEL[event.kind].toLowerCase()} ${rule.label} — ${event.title}`, elements, fallback: `Reminder: ${event.title} ${rule.label}` };
}

/** What changed, for everyone who answered and every conversation that saw it. */
export function movedCard(before: CardEvent, after: CardEvent, readerZone: string | null, links: Links, withButtons: boolean): Card {
  const elements: CardElement[] = [
    text([bold('Was: '), describeForReader(before.startsAt, before.zone, readerZone)]),
    text([bold('Now: '), describeForReader(after.startsAt, after.zone, readerZone), before.durationMs !== after.durationMs ? ` (${lengthOf(after.durationMs)})` : '']),
  ];
  if (after.place) elements.push(text([bold('Where: '), literal(after.place)]));
  elements.push(context('Your answer stands; change it below if the new time does not suit you. A calendar invite with the new time follows for those going.'));
  if (withButtons) elements.push(rsvpButtons(after.id));
  if (links.icsUrl) elements.push(context([{ text: 'Add to calendar', link: links.icsUrl }]));
  return { header: `Moved — ${KIND_LABEL[after.kind]}: ${after.title}`, elements, fallback: `Moved: ${after.title}` };
}

export function cancelledNotice(event: CardEvent, readerZone: string | null): Card {
  const elements: CardElement[] = [text([bold('It was: '), describeForReader(event.startsAt, event.zone, readerZone)])];
  if (event.cancelReason) elements.push(text([bold('Reason: '), literal(event.cancelReason)]));
  elements.push(context(`No reminder will follow. Those who had the calendar invite get a cancellation that removes it.`));
  return { header: `Cancelled — ${KIND_LABEL[event.kind]}: ${event.title}`, elements, fallback: `Cancelled: ${event.title}` };
}

/** Told to the alternate a member is sending in their place. */
export function alternateCard(event: CardEvent, memberName: string, readerZone: string | null, links: Links): Card {
  const elements: CardElement[] = [
    text([literal(memberName), ` is sending you in their place to the ${kindNoun(event.kind)} `, literal(event.title), '.']),
    facts(event, describeForReader(event.startsAt, event.zone, readerZone)),
    context('A calendar invite follows in this chat. If you cannot go, tell them, so they can answer again.'),
  ];
  if (links.icsUrl) elements.push(context([{ text: 'Add to calendar', link: links.icsUrl }]));
  return { header: `You are standing in: ${event.title}`, elements };
}

/** The note beside the .ics file in a member's direct messages. */
export function inviteNote(event: CardEvent, method: 'REQUEST' | 'CANCEL', readerZone: string | null): Card {
  const when = describeForReader(event.startsAt, event.zone, readerZone);
  return method === 'CANCEL'
    ? { header: `Remove from your calendar: ${event.title}`, elements: [text(`Open the attached cancellation to take ${when} out of your calendar.`)] }
    : { header: `Calendar invite: ${event.title}`, elements: [text(`Open the attached invite to add it to your calendar: ${when}.`)] };
}

/** The morning after: record who came; and, when the surveys feature is there, send the feedback survey. */
export function followUpCard(event: CardEvent, surveyButton: Button | undefined): Card {
  const buttons: Button[] = [{ type: 'button', actionId: SUMMIT_ATTENDANCE, label: 'Record attendance', value: String(event.id), style: 'primary' }];
  if (surveyButton) buttons.push(surveyButton);
  return {
    header: `After the ${kindNoun(event.kind)}: ${event.title}`,
    elements: [
      text(`It was ${describeWhen(event.startsAt, event.zone)}. Record who came (alternates included): it feeds the attendance rates in \`cadence\` and the semi-annual rule.`),
      ...(surveyButton ? [text('You can also send the attendees the post-summit feedback survey in one click.')] : []),
      { type: 'actions', elements: buttons },
    ],
  };
}
