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
