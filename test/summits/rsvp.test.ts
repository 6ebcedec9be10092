// Answering from the card: one answer per member, redrawn counts, the calendar invite as a file (a path
// on the console) that a calendar parser reads, re-sent with SEQUENCE+1 on a move and withdrawn on a
// cancel; sending an alternate names them and tells them; answers close at the start; a board meeting
// is the board's.
import { readFileSync } from 'node:fs';
import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { summitInvites, summitRsvps } from '../../db/schema.js';
import { SUMMIT_CANCEL, SUMMIT_CONFIRM, SUMMIT_MOVE, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { until } from '../helpers/engine.js';
import { buttonOn, consoleId, press, said, seed, summitWorld, vet, type SummitWorld } from './world.js';

async function partnership() {
  const w = await summitWorld();
  const casey = seed(w.db, { name: 'Casey Coordinator', set: { isCoordinator: true, coordinatorVia: 'command', tier: 'board' } });
  const dana = seed(w.db, { name: 'Dana Deputy', set: { timezone: 'Europe/London' } });
  const avery = seed(w.db, { name: 'Avery Chief', set: { alternateMemberId: dana.id } });
  const sam = seed(w.db, { name: 'Sam Security', set: { alternateName: 'Pat Contact', alternatePhone: '+1 612 555 0143' } });
  const nobody = seed(w.db, { name: 'Noel Noalternate' });
  vet(w.db, casey);
  return { w, casey: consoleId(casey), dana, avery: consoleId(avery), sam: consoleId(sam), nobody: consoleId(nobody), ids: { casey: casey.id, dana: dana.id, avery: avery.id, sam: sam.id } };
}

async function schedule(w: SummitWorld, who: ReturnType<typeof consoleId>, line: string): Promise<number> {
  const check = await w.run(who, line);
  const confirm = buttonOn(check.sent[0]!.card, SUMMIT_CONFIRM);
  await w.press(who, press(confirm));
  return Number(confirm.value);
}

const rsvp = (id: number, answer: string) => ({ actionId: SUMMIT_RSVP, value: `${id}:${answer}` });
const files = (w: SummitWorld) => w.shown.filter((s) => s.kind === 'file');
const parse = (path: string) => {
  const text = readFileSync(path, 'utf8');
  const vevent = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
  return { text, vevent };
};

describe('answering', () => {
  it('going sends the invite file; the counts on the posted card are redrawn; a second answer replaces the first', async () => {
    const { w, casey, ids } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.settled();
    const answer = await w.press(casey, rsvp(id, 'going'));
    expect(said(answer)).toContain("You're going to Spring summit, Monday 15 March 2027, 09:00 CDT. Your calendar invite is on its way");
    const file = await until(() => files(w)[0], 10_000, 'the invite file');
    expect(file.text).toContain('Calendar invite: Spring summit');
    const { vevent, text } = parse(file.path!);
    expect(text).toContain('METHOD:REQUEST');
    expect(vevent.start.toISOString()).toBe('2027-03-15T14:00:00.000Z');
    expect(vevent.sequence).toBe(0);
    await until(() => w.shown.find((s) => s.kind === 'edit' && s.text.includes('Going: 1 · Not going: 0')), 10_000, 'the redrawn card');

    // A minute later (the clock moves on as it does between clicks), Casey changes their mind.
    w.now.at = new Date(w.now.at.getTime() + 60_000);
    await w.press(casey, rsvp(id, 'not-going'));
    expect(w.db.select().from(summitRsvps).all()).toMatchObject([{ memberId: ids.casey, answer: 'not-going' }]);
    await until(() => w.shown.find((s) => s.kind === 'edit' && s.text.includes('Going: 0 · Not going: 1')), 10_000, 'the count moved');
    // The calendar copy is withdrawn.
    const cancel = await until(() => files(w)[1], 10_000, 'the withdrawal');
    expect(parse(cancel.path!).text).toContain('METHOD:CANCEL');
    expect(parse(cancel.path!).vevent.sequence).toBe(1);
  });

  it('a move re-sends the invite with SEQUENCE+1 and the new start; a cancel withdraws it', async () => {
    const { w, casey } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.press(casey, rsvp(id, 'going'));
    await until(() => files(w)[0], 10_000, 'the invite');
    w.now.at = new Date(w.now.at.getTime() + 60_000);
    const check = await w.run(casey, `summit move ${id} March 22 10am for 3h`);
    await w.press(casey, press(buttonOn(check.sent[0]!.card, SUMMIT_MOVE)));
    const moved = parse((await until(() => files(w)[1], 10_000, 'the changed invite')).path!);
    expect(moved.vevent.sequence).toBe(1);
    expect(moved.vevent.uid).toBe(parse(files(w)[0]!.path!).vevent.uid);
    expect(moved.vevent.start.toISOString()).toBe('2027-03-22T15:00:00.000Z');
    expect(moved.vevent.end?.toISOString()).toBe('2027-03-22T18:00:00.000Z');
    w.now.at = new Date(w.now.at.getTime() + 60_000);
    const cancelCheck = await w.run(casey, `summit cancel ${id}`);
    await w.press(casey, press(buttonOn(cancelCheck.sent[0]!.card, SUMMIT_CANCEL)));
    const cancelled = parse((await until(() => files(w)[2], 10_000, 'the cancellation')).path!);
    expect(cancelled.text).toContain('METHOD:CANCEL');
    expect(cancelled.vevent.sequence).toBe(2);
    expect(w.db.select().from(summitInvites).get()).toMatchObject({ method: 'CANCEL', sequence: 2, eventSequence: 2 });
  });

  it('sending an alternate who is a member names and tells them, in their zone, and the invite goes to them', async () => {
    const { w, casey, avery, dana, ids } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    const answer = await w.press(avery, rsvp(id, 'alternate'));
    expect(said(answer)).toContain('Noted: Dana Deputy goes to Spring summit in your place, Monday 15 March 2027, 09:00 CDT. I have told them and sent them the calendar invite.');
    const told = await until(() => w.shown.find((s) => s.kind === 'dm' && s.to === 'console:dana-deputy'), 10_000, 'the alternate told');
    expect(told.text).toContain('Avery Chief is sending you in their place');
    expect(told.text).toContain('(14:00 GMT your time)');
    await until(() => w.db.select().from(summitInvites).all().length === 1, 10_000, 'the invite');
    expect(w.db.select().from(summitInvites).get()).toMatchObject({ memberId: dana.id, method: 'REQUEST' });
    expect(w.db.select().from(summitRsvps).get()).toMatchObject({ memberId: ids.avery, answer: 'alternate', alternateMemberId: dana.id, alternateName: 'Dana Deputy' });
  });

  it('an alternate known only by a contact card: the member is told to pass it on and gets the invite', async () => {
    const { w, casey, sam, ids } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    expect(said(await w.press(sam, rsvp(id, 'alternate')))).toContain('your alternate Pat Contact goes to Spring summit in your place, Monday 15 March 2027, 09:00 CDT. They are not on the roster, so I cannot tell them: the calendar invite comes to you to pass on (their phone: +1 612 555 0143).');
    await until(() => w.db.select().from(summitInvites).all().length === 1, 10_000, 'the invite');
    expect(w.db.select().from(summitInvites).get()).toMatchObject({ memberId: ids.sam, method: 'REQUEST' });
  });

  it('refuses what cannot be: no alternate on the profile, after the start, a cancelled event, a forged value', async () => {
    const { w, casey, nobody } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    expect(said(await w.press(nobody, rsvp(id, 'alternate')))).toContain('You have no alternate on your profile. Choose one with `/ppp profile`');
    expect(said(await w.press(nobody, { actionId: SUMMIT_RSVP, value: `${id}:maybe` }))).toContain('That button has expired');
    expect(said(await w.press(nobody, rsvp(999, 'going')))).toContain('That event no longer exists.');
    w.now.at = new Date('2027-03-15T14:00:00Z');
    expect(said(await w.press(nobody, rsvp(id, 'going')))).toContain('Spring summit has started: answers closed at its start.');
    expect(w.db.select().from(summitRsvps).all()).toEqual([]);
  });

  it('a board meeting is answered by the board only', async () => {
    const { w, casey, nobody } = await partnership();
    const id = await schedule(w, casey, 'meeting schedule board Q2 board meeting March 3 8am');
    expect(said(await w.press(nobody, rsvp(id, 'going')))).toContain('This board meeting is for the executive board; you are not on it.');
    expect(said(await w.press(casey, rsvp(id, 'going')))).toContain("You're going to Q2 board meeting");
  });
});
