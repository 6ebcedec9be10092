// Daily housekeeping: registered tasks run once at start and on a job scheduler in the partnership's
// time zone; one failing task does not stop the others.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAILY_PATTERN, DAILY_SCHEDULER } from '../../jobs/maintenance.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

let fake: FakeSlack;
let run: RunningEngine | undefined;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await run?.close();
  await fake.close();
});

describe('maintenance', () => {
  it('runs every task at start, even after one fails, and keeps a daily scheduler', async () => {
    const ran: string[] = [];
    run = await startEngine(fake, {
      beforeStart: (services) => {
        services.registry.task({ name: 'breaks', run: () => { ran.push('breaks'); throw new Error('boom'); } });
        services.registry.task({ name: 'lapses', run: () => { ran.push('lapses'); return '2 reminded'; } });
      },
    });
    await until(() => ran.includes('lapses') && ran.includes('breaks'), 10_000, 'the tasks to run');
    const schedulers = await run.engine.maintenance.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toContainEqual([DAILY_SCHEDULER, DAILY_PATTERN, 'America/Chicago']);
  });
});

describe('the roster’s daily tasks', () => {
  it('suspends a member whose vetting lapsed, tells them and the coordinators, and erases old contacts', async () => {
    const { memoryDb, makeActor } = await import('../helpers/db.js');
    const { members, deliveries } = await import('../../db/schema.js');
    const { eq } = await import('drizzle-orm');
    const { findMemberByIdentity } = await import('../../src/members/store.js');
    const db = memoryDb();
    const coordinator = makeActor(db, 'coordinator', 'slack');
    const lapsed = makeActor(db, 'member', 'slack');
    const gone = makeActor(db, 'departed', 'slack');
    const past = new Date(Date.now() - 24 * 3600 * 1000);
    db.update(members).set({ vettingExpiresAt: past }).where(eq(members.id, findMemberByIdentity(db, lapsed)!.id)).run();
    db.update(members)
      .set({ contact247: '+1 612 555 0100', email: 'gone@example.org', statusChangedAt: new Date(Date.now() - 200 * 24 * 3600 * 1000) })
      .where(eq(members.id, findMemberByIdentity(db, gone)!.id))
      .run();
    run = await startEngine(fake, { db });
    await until(() => findMemberByIdentity(db, lapsed)?.status === 'suspended', 10_000, 'the lapse');
    expect(findMemberByIdentity(db, lapsed)!.statusReason).toBe('vetting lapsed');
    await until(() => findMemberByIdentity(db, gone)?.contact247 === null, 10_000, 'the erasure');
    expect(findMemberByIdentity(db, gone)!.email).toBeNull();
    const targets = db.select().from(deliveries).all().map((d) => d.target);
    expect(targets).toContain(`slack:${lapsed.id}`);
    expect(targets).toContain(`slack:${coordinator.id}`);
  });
});
