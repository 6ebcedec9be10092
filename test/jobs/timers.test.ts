// Timers: work due at a time fires once — at its time, at its new time when moved, never when
// cancelled — through restarts of the clock's reading and a Redis that lost every key.
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestServices } from '../helpers/services.js';
import { armTimers } from '../../src/timers/arm.js';
import { cancelTimers, getTimer, setTimer, type TimerRow } from '../../src/timers/store.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { privateRedisForFile } from '../helpers/private-redis.js';

const T0 = new Date('2027-03-01T15:00:00Z');
const DAY = 86_400_000;

let fake: FakeSlack;
let run: RunningEngine | undefined;
const privateRedis = privateRedisForFile();
let now: Date;
let fired: { key: string; lateByMs: number; at: Date }[];
let failFirst: Set<string>;

beforeEach(async () => {
  fake = await startFakeSlack();
  now = T0;
  fired = [];
  failFirst = new Set();
  run = await startEngine(fake, {
    redisUrl: privateRedis.url,
    // Far away: only the passes a test asks for (and the engine's own start) rebuild the queue.
    reconcileEveryMs: 3_600_000,
    beforeStart(services: TestServices) {
      services.clock = () => now;
      services.registry.timer({
        kind: 'test-reminder',
        async handler({ timer, lateByMs, now: at }) {
          if (failFirst.delete(timer.key)) throw new Error('the first run fails');
          fired.push({ key: timer.key, lateByMs, at });
        },
      });
    },
  });
});
afterEach(async () => {
  await run?.close();
  run = undefined;
  await fake.close();
});

async function set(key: string, dueAt: Date): Promise<void> {
  const services = run!.services;
  const ticket = setTimer(services.db, { key, kind: 'test-reminder', subject: 'event-1', dueAt }, now);
  expect(await armTimers(services, [ticket])).toBe(true);
}

const row = (key: string): TimerRow => run!.services.db.query.timers.findFirst({ where: (t, { eq }) => eq(t.key, key) }).sync()!;

describe('timers', () => {
  it('fire once at their time; a moved one only at its new time; a cancelled one never', async () => {
    await set('soon', new Date(T0.getTime() + 150));
    await set('moved', new Date(T0.getTime() + 200));
    await set('cancelled', new Date(T0.getTime() + 200));
    await set('moved', new Date(T0.getTime() + 900));
    cancelTimers(run!.services.db, ['cancelled'], now);
    // The clock reaches each time as real time does; the delayed jobs were computed from it.
    const started = Date.now();
    const tick = setInterval(() => (now = new Date(T0.getTime() + (Date.now() - started))), 10);
    try {
      await until(() => fired.some((f) => f.key === 'moved'), 10_000, 'the moved timer');
      await run!.engine.reconcile();
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      clearInterval(tick);
    }
    expect(fired.map((f) => f.key).sort()).toEqual(['moved', 'soon']);
    expect(fired.find((f) => f.key === 'moved')!.at.getTime()).toBeGreaterThanOrEqual(T0.getTime() + 900);
    expect(row('moved')).toMatchObject({ status: 'done', attempts: 1 });
    expect(row('cancelled')).toMatchObject({ status: 'cancelled', attempts: 0, firedAt: null });
  });

  it('a timer whose time passed while nothing ran fires once at the next pass, saying how late', async () => {
    await set('r7d', new Date(T0.getTime() + 7 * DAY));
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toEqual([]);
    // Time travel: the bot was down across the timer's time and comes back five minutes after it.
    now = new Date(T0.getTime() + 7 * DAY + 5 * 60_000);
    await run!.engine.reconcile();
    await until(() => fired.length === 1, 10_000, 'the late timer');
    await run!.engine.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(fired).toEqual([{ key: 'r7d', lateByMs: 5 * 60_000, at: now }]);
    expect(row('r7d')).toMatchObject({ status: 'done', lateByMs: 5 * 60_000 });
  });

  it('FLUSHALL with timers pending: reconcile carries every one to its time, and each fires exactly once', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `flush-${i}`);
    for (const key of keys) await set(key, new Date(T0.getTime() + DAY));
    const admin = new Redis(privateRedis.url);
    await admin.flushall();
    await admin.quit();
    now = new Date(T0.getTime() + DAY + 1000);
    await run!.engine.reconcile();
    await until(() => fired.length >= 20, 10_000, 'every timer');
    await run!.engine.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(fired.map((f) => f.key).sort()).toEqual([...keys].sort());
  });

  it('a handler that fails is retried, and the timer fires once', async () => {
    failFirst.add('flaky');
    await set('flaky', new Date(T0.getTime() - 1));
    await until(() => fired.length === 1, 15_000, 'the retried timer');
    expect(row('flaky')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('setting a timer that already fired, at the same time, does not arm it again; another time does', async () => {
    await set('again', new Date(T0.getTime() - 1));
    await until(() => fired.length === 1, 10_000, 'the first firing');
    const same = setTimer(run!.services.db, { key: 'again', kind: 'test-reminder', subject: 'event-1', dueAt: new Date(T0.getTime() - 1) }, now);
    expect(getTimer(run!.services.db, same.id)!.status).toBe('done');
    await set('again', new Date(T0.getTime() + 100));
    now = new Date(T0.getTime() + 200);
    await run!.engine.reconcile();
    await until(() => fired.length === 2, 10_000, 'the moved firing');
  });
});
