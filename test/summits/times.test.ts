// When an event's reminders and follow-up fall: computed on the wall clock of the zone it was scheduled
// in, so "7 days before 09:00" is 09:00 again after the clocks change; and how a reader abroad sees it.
import { describe, expect, it } from 'vitest';
import { describeForReader } from '../../src/core/when.js';
import { followUpAt, reminderTimes } from '../../src/summits/times.js';

const CHICAGO = 'America/Chicago';
const at = (iso: string) => new Date(iso);
const dueOf = (startsAt: Date, stage: string) => reminderTimes(startsAt, CHICAGO).find((r) => r.stage === stage)!.dueAt.toISOString();

describe('reminder times across daylight-saving changes', () => {
  it('09:00 Chicago on the Monday after the spring change (15 March 2027, CDT): the 7-day reminder is 09:00 CST on 8 March, not 08:00 or 10:00', () => {
    const startsAt = at('2027-03-15T14:00:00Z'); // 09:00 CDT
    expect(dueOf(startsAt, 'r7d')).toBe('2027-03-08T15:00:00.000Z'); // 09:00 CST
    expect(dueOf(startsAt, 'r30d')).toBe('2027-02-13T15:00:00.000Z');
    // 1 day before is Sunday 14 March, the day of the change, 09:00 CDT.
    expect(dueOf(startsAt, 'r1d')).toBe('2027-03-14T14:00:00.000Z');
    expect(dueOf(startsAt, 'r1h')).toBe('2027-03-15T13:00:00.000Z');
  });

  it('09:00 Chicago on the Monday after the autumn change (8 November 2027, CST): the 7-day reminder is 09:00 CDT on 1 November', () => {
    const startsAt = at('2027-11-08T15:00:00Z'); // 09:00 CST
    expect(dueOf(startsAt, 'r7d')).toBe('2027-11-01T14:00:00.000Z'); // 09:00 CDT
    expect(dueOf(startsAt, 'r1d')).toBe('2027-11-07T15:00:00.000Z'); // Sunday of the change, 09:00 CST
  });

  it('lists the four reminders in order, and the follow-up the morning after, 09:00 local', () => {
    const startsAt = at('2027-03-15T14:00:00Z');
    expect(reminderTimes(startsAt, CHICAGO).map((r) => r.stage)).toEqual(['r30d', 'r7d', 'r1d', 'r1h']);
    expect(followUpAt(startsAt, 2 * 3_600_000, CHICAGO).toISOString()).toBe('2027-03-16T14:00:00.000Z');
  });
});

describe('a reader in another zone', () => {
  it('a member in Europe/London sees 14:00 GMT for 09:00 CDT in March, when only the US has changed its clocks', () => {
    expect(describeForReader(at('2027-03-15T14:00:00Z'), CHICAGO, 'Europe/London')).toBe('Monday 15 March 2027, 09:00 CDT (14:00 GMT your time)');
    // After both have changed, the gap is six hours again.
    expect(describeForReader(at('2027-04-12T14:00:00Z'), CHICAGO, 'Europe/London')).toBe('Monday 12 April 2027, 09:00 CDT (15:00 GMT+1 your time)');
  });
});
