// The calendar invite (RFC 5545 / iTIP RFC 5546) every mail client reads: one UID for the event's whole
// life so calendars update it in place, SEQUENCE raised on each change, METHOD:REQUEST while it stands
// and METHOD:CANCEL when it is cancelled (or a member no longer goes). Written by the `ics` library.
// @see https://www.rfc-editor.org/rfc/rfc5545 (VEVENT: UID, SEQUENCE, DTSTART, STATUS)
import { createEvent, type EventAttributes } from 'ics';
import { KIND_LABEL, type EventKind } from './kinds.js';

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface IcsEvent {
  kind: EventKind;
  title: string;
  place: string | null;
  startsAt: Date;
  durationMs: number;
  uid: string;
}

export interface IcsOptions {
  method: IcsMethod;
  sequence: number;
  partnership: string;
  /** The "Add to calendar" link, when the bot has a public address. */
  url?: string;
  /** DTSTAMP: when this copy was made (the bot's clock, so tests can fix it). */
  stamp?: Date;
}

export function eventIcs(event: IcsEvent, options: IcsOptions): string {
  const minutes = Math.max(1, Math.round(event.durationMs / 60_000));
  const attributes: EventAttributes & { timestamp?: number } = {
    productId: 'ppp-bot',
    method: options.method,
    uid: event.uid,
    sequence: options.sequence,
    // Given and written in UTC: every client places it in its reader's own zone.
    start: event.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: Math.floor(minutes / 60), minutes: minutes % 60 },
    title: event.title,
    description: `${KIND_LABEL[event.kind]} of ${options.partnership}. RSVP in Slack or Teams with PPP Bot.`,
    status: options.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    ...(event.place ? { location: event.place } : {}),
    ...(options.url ? { url: options.url } : {}),
    ...(options.stamp ? { timestamp: options.stamp.getTime() } : {}),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`could not write the calendar invite: ${error?.message ?? 'no output'}`);
  return value;
}

/** A file name from the title: `spring-summit.ics`. */
export function icsFileName(title: string): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'event'}.ics`;
}
