// Dates as people type them: read in the partnership's zone unless the text names one, DST included,
// refused with what was understood when past, without a time, or more than one date.
import { describe, expect, it } from 'vitest';
import { describeForReader, describeWhen, parseDuration, parseWhen } from '../../src/core/when.js';
import { resolveZone } from '../../src/core/zones.js';

const CHICAGO = 'America/Chicago';
// Tuesday 1 December 2026, 13:00 in Chicago.
const now = new Date('2026-12-01T19:00:00Z');
const read = (text: string, extra: { needTime?: boolean; future?: boolean } = {}) => parseWhen(text, { zone: CHICAGO, now, needTime: true, future: true, ...extra });

describe('parseWhen', () => {
  it('reads a date and time in the partnership’s zone and says it back in words', () => {
    const r = read('March 12 9am');
    expect(r).toMatchObject({ ok: true, zone: CHICAGO, phrase: 'March 12 9am', inWords: 'Friday 12 March 2027, 09:00 CST' });
    if (r.ok) expect(r.at.toISOString()).toBe('2027-03-12T15:00:00.000Z');
  });

  it('reads "next Thursday 14:00" from the zone’s own wall clock', () => {
    const r = read('next Thursday 14:00');
    expect(r.ok && r.at.toISOString()).toBe('2026-12-10T20:00:00.000Z');
  });

  it('reads "tomorrow" by the zone’s date, not UTC’s: at 23:30 in Chicago it is already tomorrow in UTC', () => {
    const late = new Date('2026-12-02T05:30:00Z');
    const r = parseWhen('tomorrow noon', { zone: CHICAGO, now: late, needTime: true, future: true });
    expect(r.ok && r.at.toISOString()).toBe('2026-12-02T18:00:00.000Z');
  });

  it('uses a zone the text names, IANA or a common word, with its daylight-saving time', () => {
    const ny = read('2027-03-12 09:00 America/New_York');
    expect(ny).toMatchObject({ ok: true, zone: 'America/New_York' });
    expect(ny.ok && ny.at.toISOString()).toBe('2027-03-12T14:00:00.000Z');
    // Eastern in July is EDT (UTC−4), whatever abbreviation was typed.
    const july = read('July 9 10am Eastern');
    expect(july.ok && july.at.toISOString()).toBe('2027-07-09T14:00:00.000Z');
    const cst = read('July 9 10am CST');
    expect(cst.ok && cst.at.toISOString()).toBe('2027-07-09T15:00:00.000Z');
  });

  it('places 09:00 on the Monday after the spring change at 09:00 CDT, and after the autumn change at 09:00 CST', () => {
    const spring = read('2027-03-15 09:00');
    expect(spring.ok && spring.at.toISOString()).toBe('2027-03-15T14:00:00.000Z');
    const autumn = read('2027-11-08 09:00');
    expect(autumn.ok && autumn.at.toISOString()).toBe('2027-11-08T15:00:00.000Z');
  });

  it('refuses a time the spring change skips', () => {
    const r = read('2027-03-14 02:30');
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.problem).toMatch(/02:30 does not exist on 14 March 2027 in America\/Chicago/);
  });

  it('refuses a past moment, a date without a time, nothing, or two dates — saying what it understood', () => {
    const past = read('2026-11-02 09:00');
    expect(!past.ok && past.problem).toMatch(/in the past: I understood Monday 2 November 2026, 09:00 CST/);
    const noTime = read('March 12');
    expect(!noTime.ok && noTime.problem).toMatch(/At what time\? I understood Friday 12 March 2027/);
    const nothing = read('whenever suits');
    expect(!nothing.ok && nothing.problem).toMatch(/could not find a date/);
    const two = read('March 12 9am or March 13 9am');
    expect(!two.ok && two.problem).toMatch(/more than one date/);
  });

  it('finds the date inside a longer line, so a title and a place can be cut around it', () => {
    const line = 'Spring summit March 12 9am at City Hall';
    const r = read(line);
    expect(r.ok && line.slice(0, r.index).trim()).toBe('Spring summit');
    expect(r.ok && line.slice(r.index + r.phrase.length).trim()).toBe('at City Hall');
  });
});

describe('parseDuration', () => {
  it('reads minutes, hours and both, and leaves the rest of the text', () => {
    expect(parseDuration('Board meeting March 3 9am for 90m')).toEqual({ ms: 90 * 60_000, rest: 'Board meeting March 3 9am' });
    expect(parseDuration('x for 2h')).toMatchObject({ ms: 2 * 3_600_000 });
    expect(parseDuration('x for 1.5 hours')).toMatchObject({ ms: 90 * 60_000 });
    expect(parseDuration('x for 1h30')).toMatchObject({ ms: 90 * 60_000 });
    expect(parseDuration('Meeting for the board')).toEqual({ rest: 'Meeting for the board' });
    expect(parseDuration('x for 2m').problem).toMatch(/between 5 minutes and 24 hours/);
  });
});

describe('zones', () => {
  it('turns common names into IANA zones', () => {
    expect(resolveZone('Central')).toBe(CHICAGO);
    expect(resolveZone('CST')).toBe(CHICAGO);
    expect(resolveZone('Eastern Standard Time')).toBe('America/New_York');
    expect(resolveZone('europe/london')).toBe('Europe/London');
    expect(resolveZone('London')).toBe('Europe/London');
    expect(resolveZone('Los Angeles')).toBe('America/Los_Angeles');
    expect(resolveZone('Narnia')).toBeUndefined();
  });

  it('describes a time for a reader in another zone beside the event’s own', () => {
    const at = new Date('2027-03-15T14:00:00Z');
    expect(describeWhen(at, CHICAGO)).toBe('Monday 15 March 2027, 09:00 CDT');
    // London is still on GMT on 15 March 2027 (it changes on the 28th).
    expect(describeForReader(at, CHICAGO, 'Europe/London')).toBe('Monday 15 March 2027, 09:00 CDT (14:00 GMT your time)');
    expect(describeForReader(at, CHICAGO, CHICAGO)).toBe('Monday 15 March 2027, 09:00 CDT');
  });
});
