// Reminders go only to members who have not answered, halfway and 24 hours before the close; none after
// the close, however late the bot comes back; none twice across a restart or a Redis that lost every key.
// Time moves with the injectable clock and the engine's reconcile pass; Redis is this file's own.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { recorder } from '../helpers/responder.js';
import { until } from '../helpers/engine.js';
import { spawnRedis } from '../helpers/redis-global.js';
import { button, members, surveyBot, T0, type SurveyBot } from './neutral.js';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

let redis: { url: string; child: ChildProcess };
beforeAll(async () => {
  // FLUSHALL would wipe the other suites' queues: this file has a redis-server of its own.
  redis = await spawnRedis();
});
afterAll(() => {
  redis.child.kill('SIGTERM');
});

/** Sent reminders per target, from the delivery ledger: what actually went out. */
function reminded(w: SurveyBot, id: number): Record<string, string[]> {
  const rows = w.services.db.$client.prepare("select batch, target from deliveries where batch like ? and status = 'sent' order by id").all(`survey-${id}-remind-%`) as { batch: string; target: string }[];
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.batch.replace(`survey-${id}-remind-`, '')] ??= []).push(r.target);
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

async function sendWeek(w: SurveyBot): Promise<number> {
  const preview = await w.run(w.coordinator, 'survey send pulse');
  const send = button(preview.sent.find((s) => s.card?.header?.startsWith('Preview'))!.card, 'Send');
  await w.press(w.coordinator, { actionId: send.actionId, value: send.value! });
  const id = Number(send.value);
  await w.settled(`survey-${id}`);
  return id;
}

async function answer(w: SurveyBot, who: Identity): Promise<void> {
  const card = w.dmsTo(who).at(-1)!.card;
  const open = button(card, 'Answer');
  const form = (await w.press(who, { actionId: open.actionId, value: open.value! })).sent.find((s) => s.kind === 'form')!.form!;
  const r = recorder();
  await w.bot.handleForm({ platform: who.platform, identity: who, conversation: 'console:local', scope: 'console', prefix: '/ppp ' }, { formId: form.id, values: { q1: '3', q2: '4', q3: '1' }, state: form.state! }, r);
}

async function pass(w: SurveyBot, now: Date): Promise<void> {
  w.now.at = now;
  await w.services.outbox.reconcile();
}

describe('reminders', () => {
  it('halfway and a day before the close, each only to those who have not answered; none after the close', async () => {
    const w = await surveyBot({ redisUrl: redis.url, reconcileEveryMs: 3_600_000 });
    const [ann, bob, cy] = members(w.services, 3);
    const id = await sendWeek(w);
    await answer(w, ann!);

    // Halfway through the week (3.5 days): everyone but Ann.
    await pass(w, at(84 * HOUR + 60_000));
    await until(() => reminded(w, id).halfway?.length === 3, 10_000, 'the halfway reminders');
    expect(reminded(w, id)).toEqual({ halfway: ['console:coordinator-0', `console:${bob!.id}`, `console:${cy!.id}`] });
    const reminder = w.dmsTo(bob!).at(-1)!;
    expect(reminder.card.header).toBe('Reminder — Survey: Quarterly partnership pulse');
    expect(reminder.text).toContain('Reminder: you have not answered this survey yet.');

    // Bob answers from the reminder itself; a day before the close only the coordinator and Cy are left.
    await answer(w, bob!);
    await pass(w, at(6 * 24 * HOUR + 60_000));
    await until(() => reminded(w, id)['24h']?.length === 2, 10_000, 'the day-before reminders');
    expect(reminded(w, id)['24h']).toEqual(['console:coordinator-0', `console:${cy!.id}`]);

    // The close: results to the coordinator, and nothing more to anyone afterwards.
    await pass(w, at(7 * 24 * HOUR + 60_000));
    await w.settled(`survey-${id}-results`);
    await pass(w, at(30 * 24 * HOUR));
    await new Promise((r) => setTimeout(r, 300));
    expect(Object.values(reminded(w, id)).flat()).toHaveLength(5);
    expect(w.services.db.$client.prepare("select key, status from timers where subject = ? and kind != 'survey.next' order by due_at").all(String(id))).toEqual([
      { key: `survey-${id}-remind-halfway`, status: 'done' },
      { key: `survey-${id}-remind-24h`, status: 'done' },
      { key: `survey-${id}-close`, status: 'done' },
    ]);
  });

  it('a bot that was down across the reminders and the close sends no reminder when it comes back: it closes', async () => {
    const w = await surveyBot({ redisUrl: redis.url, reconcileEveryMs: 3_600_000 });
    members(w.services, 2);
    const id = await sendWeek(w);
    await pass(w, at(8 * 24 * HOUR));
    await w.settled(`survey-${id}-results`);
    await until(() => (w.services.db.$client.prepare("select count(*) as n from timers where subject = ? and kind != 'survey.next' and status = 'pending'").get(String(id)) as { n: number }).n === 0, 10_000, 'every timer settled');
    expect(reminded(w, id)).toEqual({});
  });

  it('a survey closed early gets no reminder afterwards', async () => {
    const w = await surveyBot({ redisUrl: redis.url, reconcileEveryMs: 3_600_000 });
    members(w.services, 2);
    const id = await sendWeek(w);
    await w.run(w.coordinator, `survey close ${id}`);
    await pass(w, at(6 * 24 * HOUR + 60_000));
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded(w, id)).toEqual({});
    expect(w.services.db.$client.prepare("select key, status from timers where subject = ? and kind != 'survey.next' order by due_at").all(String(id))).toEqual([
      { key: `survey-${id}-remind-halfway`, status: 'cancelled' },
      { key: `survey-${id}-remind-24h`, status: 'cancelled' },
      { key: `survey-${id}-close`, status: 'cancelled' },
    ]);
  });

  it('none doubled after a Redis flush, nor after a restart on the same database', async () => {
    const prefix = `s${randomUUID().slice(0, 8)}`;
    const now = { at: T0 };
    const first = await surveyBot({ redisUrl: redis.url, reconcileEveryMs: 3_600_000, prefix, now });
    members(first.services, 3);
    const id = await sendWeek(first);
    await pass(first, at(84 * HOUR + 60_000));
    await until(() => reminded(first, id).halfway?.length === 4, 10_000, 'the halfway reminders');

    // Redis loses everything; the next passes rebuild the queue from SQLite — and send nothing again.
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    await pass(first, at(84 * HOUR + 120_000));
    await pass(first, at(85 * HOUR));
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded(first, id).halfway).toHaveLength(4);

    // A restart: the engine stops, a new one starts on the same database and Redis, and passes again.
    await first.close();
    const second = await surveyBot({ redisUrl: redis.url, reconcileEveryMs: 3_600_000, prefix, now, db: first.services.db });
    await pass(second, at(86 * HOUR));
    await new Promise((r) => setTimeout(r, 300));
    expect(reminded(second, id).halfway).toHaveLength(4);
    expect(second.shown.filter((s) => s.card.header?.startsWith('Reminder'))).toEqual([]);

    // The second reminder still comes, once, from the restarted bot.
    await pass(second, at(6 * 24 * HOUR + 60_000));
    await until(() => reminded(second, id)['24h']?.length === 4, 10_000, 'the day-before reminders');
    await second.services.outbox.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(second.shown.filter((s) => s.card.header?.startsWith('Reminder'))).toHaveLength(4);
  });
});
