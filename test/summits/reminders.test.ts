// Reminders through time travel (the injectable clock and BullMQ delays, no sleeps): at the right local
// time across daylight-saving changes, in each member's own zone; exactly once through restarts and a
// Redis FLUSHALL; once and marked late after downtime, never after the start; and never stale after a
// move or a cancel.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, timers } from '../../db/schema.js';
import { SUMMIT_CANCEL, SUMMIT_CONFIRM, SUMMIT_MOVE, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { until } from '../helpers/engine.js';
import { privateRedisForFile } from '../helpers/private-redis.js';
import { buttonOn, consoleId, HALL, press, said, seed, summitWorld, vet, type SummitWorld } from './world.js';

const privateRedis = privateRedisForFile();

async function flushRedis(): Promise<void> {
  const admin = new Redis(privateRedis.url);
  await admin.flushall();
  await admin.quit();
}

/** A partnership of three: a coordinator in Chicago's zone, a member in London, one with no zone set. */
async function partnership() {
  const w = await summitWorld({ redisUrl: privateRedis.url });
  const casey = seed(w.db, { name: 'Casey Coordinator', set: { isCoordinator: true, coordinatorVia: 'command', timezone: 'America/Chicago' } });
  const lee = seed(w.db, { name: 'Lee London', set: { timezone: 'Europe/London' } });
  const noa = seed(w.db, { name: 'Noa Nozone' });
  vet(w.db, casey);
  return { w, casey: consoleId(casey), lee: consoleId(lee), noa: consoleId(noa) };
}

async function schedule(w: SummitWorld, who: ReturnType<typeof consoleId>, line: string): Promise<number> {
  const check = await w.run(who, line);
  const confirm = buttonOn(check.sent[0]!.card, SUMMIT_CONFIRM);
  await w.press(who, press(confirm));
  return Number(confirm.value);
}

const dueOf = (w: SummitWorld, key: string) => w.db.select().from(timers).all().find((t) => t.key === key)!.dueAt.toISOString();

/** Moves the clock to `iso`, lets reconcile carry what is due, and waits until nothing is in flight. */
async function travel(w: SummitWorld, iso: string, expectFired: string[]): Promise<void> {
  w.now.at = new Date(iso);
  await w.services.outbox.reconcile();
  await until(() => expectFired.every((key) => w.db.select().from(timers).all().find((t) => t.key === key)?.status === 'done'), 10_000, `timers ${expectFired.join(', ')}`);
  await w.settled();
}

/** Waits until no timer due by the clock is still pending, then until every delivery has settled. */
async function quiet(w: SummitWorld): Promise<void> {
  await until(() => w.db.select().from(timers).all().every((t) => t.status !== 'pending' || t.dueAt.getTime() > w.now.at.getTime()), 10_000, 'due timers to run');
  await w.settled();
}

const remindersTo = (w: SummitWorld, who: string, header: string) => w.shown.filter((s) => s.kind === 'dm' && s.to === `console:${who}` && s.card.header === header);
const postsOf = (w: SummitWorld, header: string) => w.shown.filter((s) => s.kind === 'post' && s.to === HALL && s.card.header === header);

describe('reminders across daylight-saving changes', () => {
  it('the Monday after the spring change, 09:00 Chicago: the 7-day reminder comes at 09:00 CST, and London reads 14:00 GMT', async () => {
    const { w, casey, lee, noa } = await partnership();
    await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    expect(dueOf(w, 'summit-1-r7d')).toBe('2027-03-08T15:00:00.000Z');
    await travel(w, '2027-03-08T15:00:00Z', ['summit-1-r7d']);
    const [toLee] = remindersTo(w, lee.id, 'Reminder: Spring summit in 7 days');
    expect(toLee!.text).toContain('Monday 15 March 2027, 09:00 CDT (14:00 GMT your time)');
    expect(toLee!.text).not.toContain('Sent late');
    const [toNoa] = remindersTo(w, noa.id, 'Reminder: Spring summit in 7 days');
    expect(toNoa!.text).toContain('Monday 15 March 2027, 09:00 CDT');
    expect(toNoa!.text).not.toContain('your time');
    expect(postsOf(w, 'Reminder: summit in 7 days — Spring summit')).toHaveLength(1);
  });

  it('the Monday after the autumn change, 09:00 Chicago: the 7-day reminder comes at 09:00 CDT, and London reads 15:00 GMT', async () => {
    const { w, casey, lee } = await partnership();
    w.now.at = new Date('2027-09-20T15:00:00Z');
    await schedule(w, casey, 'summit schedule Fall summit November 8 9am');
    expect(dueOf(w, 'summit-1-r7d')).toBe('2027-11-01T14:00:00.000Z');
    await travel(w, '2027-11-01T14:00:00Z', ['summit-1-r7d']);
    const [toLee] = remindersTo(w, lee.id, 'Reminder: Fall summit in 7 days');
    expect(toLee!.text).toContain('Monday 8 November 2027, 09:00 CST (15:00 GMT your time)');
  });
});

describe('reminders that survive the queue', () => {
  it('Redis flushed and the bot restarted before each reminder: every reminder arrives exactly once, to the right people', async () => {
    const { w, casey, lee, noa } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    // Lee answers Going: later "not answered" reminders skip Lee; the 1-hour one is Lee's alone.
    await w.press(lee, { actionId: SUMMIT_RSVP, value: `${id}:going` });
    const stops = [
      ['2027-02-13T15:00:00Z', 'summit-1-r30d'],
      ['2027-03-08T15:00:00Z', 'summit-1-r7d'],
      ['2027-03-14T14:00:00Z', 'summit-1-r1d'],
      ['2027-03-15T13:00:00Z', 'summit-1-r1h'],
    ] as const;
    for (const [at, key] of stops) {
      await w.restart(flushRedis);
      await travel(w, at, [key]);
      // More passes, as the periodic reconcile makes: nothing is sent again.
      await w.services.outbox.reconcile();
      await w.services.outbox.reconcile();
      await w.settled();
    }
    const count = (who: string, header: string) => remindersTo(w, who, header).length;
    for (const header of ['Reminder: Spring summit in 30 days', 'Reminder: Spring summit in 7 days', 'Reminder: Spring summit tomorrow']) {
      expect([count(casey.id, header), count(noa.id, header), count(lee.id, header)], header).toEqual([1, 1, 0]);
    }
    expect([count(casey.id, 'Reminder: Spring summit in one hour'), count(noa.id, 'Reminder: Spring summit in one hour'), count(lee.id, 'Reminder: Spring summit in one hour')]).toEqual([0, 0, 1]);
    expect(postsOf(w, 'Reminder: summit in 7 days — Spring summit')).toHaveLength(1);
    expect(postsOf(w, 'Reminder: summit tomorrow — Spring summit')).toHaveLength(1);
    expect(w.shown.filter((s) => s.text.includes('Sent late'))).toEqual([]);
  });

  it('the bot down across a reminder’s time: it arrives once when the bot is back, marked late', async () => {
    const { w, casey, noa } = await partnership();
    await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.restart(() => {
      // Down from before the 7-day reminder until three hours after it.
      w.now.at = new Date('2027-03-08T18:00:00Z');
    });
    await until(() => w.db.select().from(timers).all().find((t) => t.key === 'summit-1-r7d')?.status === 'done', 10_000, 'the late reminder');
    await w.services.outbox.reconcile();
    await w.settled();
    const got = remindersTo(w, noa.id, 'Reminder: Spring summit in 7 days');
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('Sent late: this reminder was due Monday 8 March 2027, 09:00 CST, while the bot was offline.');
    expect(w.db.select().from(timers).all().find((t) => t.key === 'summit-1-r7d')!.lateByMs).toBe(3 * 3_600_000);
  });

  it('the bot down until after the start: the missed 1-hour reminder is not sent', async () => {
    const { w, casey, lee } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.press(lee, { actionId: SUMMIT_RSVP, value: `${id}:going` });
    await w.restart(() => {
      w.now.at = new Date('2027-03-15T14:10:00Z');
    });
    await until(() => w.db.select().from(timers).all().filter((t) => t.key.startsWith('summit-1-r')).every((t) => t.status === 'done'), 10_000, 'the passed reminders to settle');
    await w.settled();
    expect(w.shown.filter((s) => s.kind === 'dm' && (s.card.header ?? '').startsWith('Reminder:'))).toEqual([]);
  });
});

describe('no stale reminder', () => {
  it('after a move, the old times send nothing and the new ones fire; answers stand and members are told', async () => {
    const { w, casey, lee, noa } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.press(lee, { actionId: SUMMIT_RSVP, value: `${id}:going` });
    const check = await w.run(casey, `summit move ${id} April 12 9am`);
    expect(said(check)).toContain('From: Monday 15 March 2027, 09:00 CDT');
    expect(said(check)).toContain('To: Monday 12 April 2027, 09:00 CDT');
    const moved = await w.press(casey, press(buttonOn(check.sent[0]!.card, SUMMIT_MOVE)));
    expect(said(moved)).toContain('#1 moved: Spring summit, now Monday 12 April 2027, 09:00 CDT.');
    await w.settled();
    expect(w.shown.filter((s) => s.kind === 'dm' && s.to === `console:${lee.id}` && s.card.header === 'Moved — Summit: Spring summit')).toHaveLength(1);
    expect(w.shown.filter((s) => s.kind === 'post' && s.card.header === 'Moved — Summit: Spring summit')).toHaveLength(1);

    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, 'summit.move')).get()!;
    expect(audit.details).toMatchObject({ from: '2027-03-15T14:00:00.000Z', to: '2027-04-12T14:00:00.000Z', sequence: 1 });
    // The old 7-day time comes and goes: nothing.
    w.now.at = new Date('2027-03-08T15:00:00Z');
    await w.services.outbox.reconcile();
    await quiet(w);
    expect(w.shown.filter((s) => (s.card.header ?? '').startsWith('Reminder:'))).toEqual([]);
    // The new one fires once.
    await travel(w, '2027-04-05T14:00:00Z', ['summit-1-r7d']);
    expect(remindersTo(w, noa.id, 'Reminder: Spring summit in 7 days')).toHaveLength(1);
    expect(remindersTo(w, noa.id, 'Reminder: Spring summit in 7 days')[0]!.text).toContain('Monday 12 April 2027, 09:00 CDT');
  });

  it('a move to a date closer than 7 days drops the reminders whose time has passed', async () => {
    const { w, casey } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    w.now.at = new Date('2027-03-01T15:00:00Z');
    const check = await w.run(casey, `summit move ${id} March 4 9am`);
    await w.press(casey, press(buttonOn(check.sent[0]!.card, SUMMIT_MOVE)));
    const byKey = Object.fromEntries(w.db.select().from(timers).all().map((t) => [t.key, t.status]));
    expect(byKey).toMatchObject({ 'summit-1-r30d': 'cancelled', 'summit-1-r7d': 'cancelled', 'summit-1-r1d': 'pending', 'summit-1-r1h': 'pending' });
  });

  it('after a cancel, no reminder fires; those who answered are told', async () => {
    const { w, casey, lee } = await partnership();
    const id = await schedule(w, casey, 'summit schedule Spring summit March 15 9am');
    await w.press(lee, { actionId: SUMMIT_RSVP, value: `${id}:going` });
    const check = await w.run(casey, `summit cancel ${id} venue flooded`);
    const done = await w.press(casey, press(buttonOn(check.sent[0]!.card, SUMMIT_CANCEL)));
    expect(said(done)).toContain('#1 cancelled: Spring summit.');
    await w.settled();
    expect(w.db.select().from(timers).all().filter((t) => t.key.startsWith('summit-1-r') || t.key === 'summit-1-follow-up').map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const notice = w.shown.find((s) => s.kind === 'dm' && s.to === `console:${lee.id}` && s.card.header === 'Cancelled — Summit: Spring summit');
    expect(notice!.text).toContain('venue flooded');
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, 'summit.cancel')).get()!.details).toMatchObject({ reason: 'venue flooded', sequence: 1 });
    for (const at of ['2027-03-08T15:00:00Z', '2027-03-14T14:00:00Z', '2027-03-15T13:00:00Z']) {
      w.now.at = new Date(at);
      await w.services.outbox.reconcile();
      await quiet(w);
    }
    expect(w.shown.filter((s) => (s.card.header ?? '').startsWith('Reminder:'))).toEqual([]);
  });
});
