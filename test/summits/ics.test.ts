// The calendar invite as mail clients read it (RFC 5545), checked with a real calendar parser: the start
// in UTC, a UID that stays the same through changes, SEQUENCE raised on each, REQUEST then CANCEL.
import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { eventIcs } from '../../src/summits/ics.js';

const event = {
  id: 12,
  kind: 'summit' as const,
  title: 'Spring summit; cyber, risk & "soft targets"',
  place: 'Target HQ, 1000 Nicollet Mall',
  startsAt: new Date('2027-03-15T14:00:00Z'),
  zone: 'America/Chicago',
  durationMs: 90 * 60_000,
  uid: 'summit-7f3a@ppp-bot',
};

function parse(text: string) {
  const parsed = ical.sync.parseICS(text);
  const vevent = Object.values(parsed).find((c) => c && c.type === 'VEVENT') as ical.VEvent;
  return { vevent, method: (parsed.vcalendar as unknown as { method?: string } | undefined)?.method };
}

describe('the .ics invite', () => {
  it('parses with its start in UTC, the end after the duration, the UID, SEQUENCE and METHOD:REQUEST', () => {
    const text = eventIcs(event, { method: 'REQUEST', sequence: 0, partnership: 'Twin Cities Security Partnership', url: 'https://ppp.example.org/events/tok.ics' });
    const { vevent, method } = parse(text);
    expect(method).toBe('REQUEST');
    expect(vevent.uid).toBe('summit-7f3a@ppp-bot');
    expect(vevent.start.toISOString()).toBe('2027-03-15T14:00:00.000Z');
    expect(vevent.end?.toISOString()).toBe('2027-03-15T15:30:00.000Z');
    expect(vevent.sequence).toBe(0);
    expect(vevent.summary).toBe(event.title);
    expect(vevent.location).toBe(event.place);
    expect(vevent.status).toBe('CONFIRMED');
    expect(text).toContain('DTSTART:20270315T140000Z\r\n');
  });

  it('a change keeps the UID and raises SEQUENCE; a cancel is METHOD:CANCEL with STATUS:CANCELLED', () => {
    const moved = parse(eventIcs({ ...event, startsAt: new Date('2027-03-22T14:00:00Z') }, { method: 'REQUEST', sequence: 1, partnership: 'P' }));
    expect(moved.vevent.uid).toBe(event.uid);
    expect(moved.vevent.sequence).toBe(1);
    expect(moved.vevent.start.toISOString()).toBe('2027-03-22T14:00:00.000Z');
    const cancelled = parse(eventIcs(event, { method: 'CANCEL', sequence: 2, partnership: 'P' }));
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.vevent.uid).toBe(event.uid);
    expect(cancelled.vevent.sequence).toBe(2);
    expect(cancelled.vevent.status).toBe('CANCELLED');
  });
});
