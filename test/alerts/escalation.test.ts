// Escalation of an urgent or critical alert, on the injectable clock: after ALERT_ESCALATE_AFTER the
// members who have not answered get a second direct message and their alternates are told (a member
// alternate by DM, a contact-card alternate on the sender's call list) — once; never those who answered,
// never after the ALL CLEAR, and never for info or advisory alerts. The timer lives in SQLite, so a
// Redis that lost every key still fires it.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { timers } from '../../db/schema.js';
import { until } from '../helpers/engine.js';
import { privateRedisForFile } from '../helpers/private-redis.js';
import { button, consoleId, seedMember, startAlertWorld, vet, type AlertWorld } from './world.js';

let world: AlertWorld | undefined;
const privateRedis = privateRedisForFile();
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const MINUTE = 60_000;
const sender = consoleId('cora');

async function partnership(env: Record<string, string> = {}) {
  world = await startAlertWorld({ env: { ALERT_ESCALATE_AFTER: '15', ...env }, redisUrl: privateRedis.url });
  const w = world;
  seedMember(w.db, { name: 'Cora Coordinator', accounts: [sender], coordinator: true });
  seedMember(w.db, { name: 'Ann Answers', accounts: [consoleId('ann')] });
  const alt = seedMember(w.db, { name: 'Alf Alternate', accounts: [consoleId('alf')], contact247: '+1 612 555 0177' });
  seedMember(w.db, { name: 'Sid Silent', accounts: [consoleId('sid')], contact247: '+1 612 555 0122', set: { alternateMemberId: alt.id } });
  seedMember(w.db, { name: 'Kim Card', accounts: [consoleId('kim')], set: { alternateName: 'Kay Deputy', alternatePhone: '+1 612 555 0143' } });
  vet(w.db, 'console:local', 'executive', 'this terminal');
  return w;
}

async function send(w: AlertWorld, line: string): Promise<void> {
  await w.run(sender, line);
  await w.press(sender, button(w.dmsTo('console:cora').at(-1)!.card, 'Send'), { scope: 'personal' });
  await w.settled();
}

/** Moves the clock and lets the engine's reconcile pass carry due timers, as after any wait; then waits for them and their sends. */
async function advance(w: AlertWorld, ms: number): Promise<void> {
  w.now.value = new Date(w.now.value.getTime() + ms);
  await w.services.outbox.reconcile();
  await until(() => w.db.select().from(timers).all().every((t) => t.status !== 'pending' || t.dueAt.getTime() > w.now.value.getTime()), 10_000, 'due timers to run');
  await w.settled();
}

const dmTexts = (w: AlertWorld, who: string) => w.dmsTo(`console:${who}`).map((s) => s.text);

describe('escalation', () => {
  it('fires once after the delay: a second notice to non-answerers, their alternates told, the sender given the call list', async () => {
    const w = await partnership();
    await send(w, 'alert urgent amber Chemical spill on I-94 -- avoid exits 230 to 235');
    await w.press(consoleId('ann'), button(w.dmsTo('console:ann').at(-1)!.card, 'Acknowledged'), { scope: 'personal' });

    await advance(w, 14 * MINUTE);
    expect(dmTexts(w, 'sid').filter((t) => t.includes('Second notice'))).toEqual([]);

    await advance(w, 2 * MINUTE);
    expect(dmTexts(w, 'sid').filter((t) => t.includes('Second notice'))).toHaveLength(1);
    expect(dmTexts(w, 'kim').filter((t) => t.includes('Second notice'))).toHaveLength(1);
    expect(dmTexts(w, 'alf').filter((t) => t.includes('Second notice'))).toHaveLength(1);
    // Ann answered: she hears nothing more.
    expect(dmTexts(w, 'ann').filter((t) => t.includes('Second notice'))).toEqual([]);
    // Sid's alternate is a member: told by DM, with Sid's 24/7 line.
    const toAlf = dmTexts(w, 'alf').filter((t) => t.includes('Please reach Sid Silent'));
    expect(toAlf).toHaveLength(1);
    expect(toAlf[0]).toContain('+1 612 555 0122');
    expect(toAlf[0]).toContain('Chemical spill on I-94');
    // Kim's alternate is a contact card: on the sender's call list.
    const summary = dmTexts(w, 'cora').filter((t) => t.includes('Escalated — URGENT alert #1'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toContain('Kay Deputy: +1 612 555 0143 — alternate of Kim Card');
    expect(summary[0]).toContain('Alf Alternate (for Sid Silent)');

    // Once: later passes, and the timer's job run again, send nothing more.
    await advance(w, 30 * MINUTE);
    expect(dmTexts(w, 'sid').filter((t) => t.includes('Second notice'))).toHaveLength(1);
    expect(dmTexts(w, 'alf').filter((t) => t.includes('Please reach'))).toHaveLength(1);
    expect(dmTexts(w, 'cora').filter((t) => t.includes('Escalated'))).toHaveLength(1);
    expect(w.db.select().from(timers).all().find((t) => t.key === 'alert-1-escalate')).toMatchObject({ status: 'done', attempts: 1 });
    const ledger = (await w.run(sender, 'alert status 1')).texts();
    expect(ledger).toContain('Kay Deputy: +1 612 555 0143 — alternate of Kim Card');
  });

  it('does not fire after the ALL CLEAR', async () => {
    const w = await partnership();
    await send(w, 'alert urgent amber Shelter in place downtown');
    const cancelled = await w.run(sender, 'alert resolve false alarm');
    expect(cancelled.texts()).toContain('reminders stopped');
    await advance(w, 20 * MINUTE);
    for (const who of ['ann', 'sid', 'kim', 'alf', 'cora']) expect(dmTexts(w, who).filter((t) => t.includes('Second notice') || t.includes('Please reach') || t.includes('Escalated'))).toEqual([]);
    expect(w.db.select().from(timers).all().find((t) => t.key === 'alert-1-escalate')!.status).toBe('cancelled');
  });

  it('is never set for info or advisory alerts', async () => {
    const w = await partnership();
    await send(w, 'alert advisory green Road works on 9th all week');
    await advance(w, 60 * MINUTE);
    expect(w.db.select().from(timers).all().filter((t) => t.kind === 'alert.escalate')).toEqual([]);
    expect(dmTexts(w, 'sid')).toEqual([]);
  });

  it('survives Redis losing every key: reconcile re-creates the timer from SQLite and it fires once', async () => {
    const w = await partnership({ ALERT_ESCALATE_AFTER: '5' });
    await send(w, 'alert urgent green Power outage in the north district');
    const admin = new Redis(privateRedis.url);
    await admin.flushall();
    await admin.quit();
    await advance(w, 6 * MINUTE);
    await advance(w, 1 * MINUTE);
    expect(dmTexts(w, 'sid').filter((t) => t.includes('Second notice'))).toHaveLength(1);
    expect(dmTexts(w, 'alf').filter((t) => t.includes('Please reach Sid Silent'))).toHaveLength(1);
  });
});
