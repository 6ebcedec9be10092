// Scheduling through the real bot: one line (or the form) gives the date back in words with Confirm /
// Cancel and announces nothing until Confirm; a past, dateless or doubled date is refused with what was
// understood; Confirm announces to every vetted conversation (a board meeting: the board by DM only),
// sets the reminders, audits; meetings piling up within 30 days draw a warning.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, deliveries, summitEvents, timers } from '../../db/schema.js';
import { SUMMIT_CONFIRM, SUMMIT_DISCARD, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { SCHEDULE_FORM } from '../../src/summits/schedule-command.js';
import { until } from '../helpers/engine.js';
import { buttonOn, consoleId, HALL, press, said, seed, summitWorld, vet } from './world.js';

async function coordinatorWorld(env: Record<string, string> = {}) {
  const w = await summitWorld({ env });
  const coord = seed(w.db, { name: 'Casey Coordinator', set: { isCoordinator: true, coordinatorVia: 'command', tier: 'board' } });
  vet(w.db, coord);
  return { w, coord, me: consoleId(coord) };
}

describe('summit schedule', () => {
  it('shows the parsed date in words with Confirm / Cancel, and announces nothing before Confirm', async () => {
    const { w, me } = await coordinatorWorld();
    const answer = await w.run(me, 'summit schedule Spring summit March 15 9am at Target HQ for 90m');
    const card = answer.sent[0]!.card!;
    expect(answer.sent[0]!.kind).toBe('private');
    expect(said(answer)).toContain('Monday 15 March 2027, 09:00 CDT');
    expect(said(answer)).toContain('Spring summit');
    expect(said(answer)).toContain('Target HQ');
    expect(said(answer)).toContain('1 h 30 min');
    expect(said(answer)).toContain('1 vetted conversation');
    expect(said(answer)).toContain('7 days before — Mon 8 Mar, 09:00 CST');
    expect(buttonOn(card, SUMMIT_CONFIRM).label).toBe('Confirm');
    expect(buttonOn(card, SUMMIT_DISCARD).label).toBe('Cancel');
    expect(w.db.select().from(deliveries).all()).toEqual([]);
    expect(w.db.select().from(timers).all()).toEqual([]);
    expect(w.db.select().from(summitEvents).get()).toMatchObject({ status: 'draft', title: 'Spring summit', place: 'Target HQ', durationMs: 90 * 60_000, zone: 'America/Chicago' });
    expect(w.db.select().from(summitEvents).get()!.startsAt.toISOString()).toBe('2027-03-15T14:00:00.000Z');

    const confirmed = await w.press(me, press(buttonOn(card, SUMMIT_CONFIRM)));
    expect(confirmed.sent[0]!.kind).toBe('replace');
    expect(said(confirmed)).toMatch(/Summit #1 scheduled: Spring summit, Monday 15 March 2027, 09:00 CDT/);
    const post = await until(() => w.shown.find((s) => s.kind === 'post' && s.to === HALL), 10_000, 'the announcement');
    expect(post.text).toContain('Summit: Spring summit');
    expect(post.text).toContain('Going: 0 · Not going: 0 · Sending an alternate: 0');
    expect(buttonOn(post.card, SUMMIT_RSVP, 'Going').value).toBe('1:going');
    expect(buttonOn(post.card, SUMMIT_RSVP, 'Sending my alternate').value).toBe('1:alternate');
    // Without PPP_PUBLIC_URL, the channel copy says how to get the invite instead of a link.
    expect(post.text).toContain('Press Going (or Sending my alternate) and I send the calendar invite to your direct messages.');
    expect(w.db.select({ key: timers.key, status: timers.status }).from(timers).orderBy(timers.dueAt).all()).toEqual([
      { key: 'summit-1-r30d', status: 'pending' },
      { key: 'summit-1-r7d', status: 'pending' },
      { key: 'summit-1-r1d', status: 'pending' },
      { key: 'summit-1-r1h', status: 'pending' },
      { key: 'summit-1-follow-up', status: 'pending' },
    ]);
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, 'summit.schedule')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'console:casey-coordinator', subject: 'summit-1' });

    // Confirm pressed again sends nothing more.
    const again = await w.press(me, press(buttonOn(card, SUMMIT_CONFIRM)));
    expect(said(again)).toMatch(/already scheduled; nothing more was sent/);
    expect(w.db.select().from(deliveries).all()).toHaveLength(1);
  });

  it('with PPP_PUBLIC_URL, the channel copy carries the Add to calendar link', async () => {
    const { w, me } = await coordinatorWorld({ PPP_PUBLIC_URL: 'https://ppp.example.org/' });
    const card = (await w.run(me, 'summit schedule Spring summit March 15 9am')).sent[0]!.card!;
    await w.press(me, press(buttonOn(card, SUMMIT_CONFIRM)));
    const post = await until(() => w.shown.find((s) => s.kind === 'post'), 10_000, 'the announcement');
    const token = w.db.select().from(summitEvents).get()!.icsToken;
    expect(JSON.stringify(post.card)).toContain(`"link":"https://ppp.example.org/events/${token}.ics"`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('Cancel drops the draft: nothing announced, no timer', async () => {
    const { w, me } = await coordinatorWorld();
    const card = (await w.run(me, 'summit schedule Spring summit March 15 9am')).sent[0]!.card!;
    expect(said(await w.press(me, press(buttonOn(card, SUMMIT_DISCARD))))).toMatch(/Draft #1 cancelled; nothing was announced/);
    expect(said(await w.press(me, press(buttonOn(card, SUMMIT_CONFIRM))))).toMatch(/cancelled or no longer exists/);
    expect(w.db.select().from(deliveries).all()).toEqual([]);
    expect(w.db.select().from(timers).all()).toEqual([]);
  });

  it('refuses a past date, a date without a time and two dates, saying what it understood; nothing is saved', async () => {
    const { w, me } = await coordinatorWorld();
    expect(said(await w.run(me, 'summit schedule Winter summit January 3 2027 9am'))).toMatch(/That is in the past: I understood Sunday 3 January 2027, 09:00 CST/);
    expect(said(await w.run(me, 'summit schedule Spring summit March 15'))).toMatch(/At what time\? I understood Monday 15 March 2027 but no time of day/);
    expect(said(await w.run(me, 'summit schedule Spring summit March 15 9am or March 22 9am'))).toMatch(/more than one date .*“March 15 9am” and “March 22 9am”/);
    expect(said(await w.run(me, 'summit schedule March 15 9am'))).toMatch(/What is it called\?/);
    expect(said(await w.run(me, 'summit schedule Spring summit March 15 9am Target HQ'))).toMatch(/Put the place after `at`/);
    expect(w.db.select().from(summitEvents).all()).toEqual([]);
  });

  it('reads a zone named in the line, and the kind from the command', async () => {
    const { w, me } = await coordinatorWorld();
    expect(said(await w.run(me, 'meeting schedule Cyber briefing 2027-03-12 09:00 America/New_York at FBI Minneapolis'))).toContain('Friday 12 March 2027, 09:00 EST');
    expect(w.db.select().from(summitEvents).get()).toMatchObject({ kind: 'meeting', zone: 'America/New_York', place: 'FBI Minneapolis', title: 'Cyber briefing' });
  });

  it('is for coordinators: a member is refused with why', async () => {
    const { w } = await coordinatorWorld();
    const member = seed(w.db, { name: 'Morgan Member' });
    expect(said(await w.run(consoleId(member), 'summit schedule Spring summit March 15 9am'))).toMatch(/`\/ppp summit schedule` is for coordinators; you are a member/);
  });
});

describe('board meetings', () => {
  it('reach the board by direct message only, never a channel', async () => {
    const { w, me } = await coordinatorWorld();
    seed(w.db, { name: 'Blair Board', set: { tier: 'board' } });
    seed(w.db, { name: 'Morgan Member' });
    const answer = await w.run(me, 'meeting schedule board Q2 board meeting March 3 8am');
    expect(said(answer)).toContain('the executive board by direct message only: 2 board members');
    await w.press(me, press(buttonOn(answer.sent[0]!.card, SUMMIT_CONFIRM)));
    await w.settled();
    expect(w.shown.filter((s) => s.kind === 'post')).toEqual([]);
    const dms = w.shown.filter((s) => s.kind === 'dm' && s.text.includes('Board meeting: Q2 board meeting'));
    expect(dms.map((d) => d.to).sort()).toEqual(['console:blair-board', 'console:casey-coordinator']);
    expect(w.db.select().from(summitEvents).get()).toMatchObject({ kind: 'board-meeting', audience: 2 });
  });
});

describe('the form', () => {
  it('opens with nothing after the command; a bad date is a field error; a good one shows the check', async () => {
    const { w, me } = await coordinatorWorld();
    const opened = await w.run(me, 'summit schedule');
    const form = opened.sent[0]!.form!;
    expect(form.id).toBe(SCHEDULE_FORM);
    expect(form.inputs.find((i) => i.id === 'kind')!.initial).toBe('summit');
    const bad = await w.submit(me, form, { kind: 'summit', title: 'Spring summit', when: 'January 3 2027 9am', length: 'forever' });
    expect(bad.errors!.when).toMatch(/past/);
    expect(bad.errors!.length).toMatch(/90m/);
    const good = await w.submit(me, form, { kind: 'meeting', title: 'Spring summit', when: 'March 15 9am', place: 'Target HQ', length: '90' });
    expect(good.errors).toBeUndefined();
    expect(said(good.answer)).toContain('Monday 15 March 2027, 09:00 CDT');
    expect(w.db.select().from(summitEvents).get()).toMatchObject({ kind: 'meeting', durationMs: 90 * 60_000, place: 'Target HQ' });
  });
});

describe('meeting exhaustion', () => {
  it('warns when this would make more than PPP_MAX_MEETINGS_PER_30D meetings within 30 days', async () => {
    const { w, me } = await coordinatorWorld({ PPP_MAX_MEETINGS_PER_30D: '2' });
    for (const line of ['summit schedule Spring summit March 15 9am', 'meeting schedule Cyber tabletop March 22 9am']) {
      const card = (await w.run(me, line)).sent[0]!.card!;
      expect(JSON.stringify(card)).not.toContain('meeting exhaustion');
      await w.press(me, press(buttonOn(card, SUMMIT_CONFIRM)));
    }
    const third = await w.run(me, 'meeting schedule Radio drill April 2 9am');
    expect(said(third)).toContain('That makes 3 meetings within 30 days (Spring summit, Cyber tabletop, Radio drill); the partnership\'s limit is 2 (PPP_MAX_MEETINGS_PER_30D), to avoid meeting exhaustion.');
  });
});

describe('help', () => {
  it('lists the summit commands for coordinators and `cadence` for members, from the registry', async () => {
    const { w, me } = await coordinatorWorld();
    const member = seed(w.db, { name: 'Morgan Member' });
    const theirs = said(await w.run(consoleId(member), 'help'));
    expect(theirs).toContain('/ppp cadence');
    expect(theirs).not.toContain('summit schedule');
    // The overview is paged: each command's own help shows its usage.
    const usages = {
      'summit schedule': '/ppp summit schedule <title> <when> [at <place>] [for <length>]',
      'meeting schedule': '/ppp meeting schedule [board] <title> <when> [at <place>] [for <length>]',
      'summit move': '/ppp summit move <id> <when> [for <length>]',
      'summit cancel': '/ppp summit cancel <id> [reason]',
      'summit attendance': '/ppp summit attendance <id>',
      'summit list': '/ppp summit list',
    };
    for (const [command, usage] of Object.entries(usages)) expect(said(await w.run(me, `help ${command}`))).toContain(usage);
    expect(said(await w.run(me, 'help summit schedule'))).toContain('Read in PPP_TIMEZONE unless a zone is named');
  });
});
