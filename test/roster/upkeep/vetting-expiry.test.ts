// Vetting that runs out, with an injectable clock: the member and the coordinators are reminded 30 days
// before, once per vetting period (a rerun or another day sends nothing more); at expiry the member is
// suspended, told and audited; `vet` renews, and the next period is reminded again.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, deliveries, vettingReminders } from '../../../db/schema.js';
import { findMemberByIdentity } from '../../../src/members/store.js';
import { seed } from '../../helpers/db.js';
import { person, startWorld, type World } from '../../helpers/world.js';

let w: World;
let now: Date;
const DAY = 24 * 3600_000;
const cora = person('cora');
const mo = person('mo');
const lu = person('lu');
const t0 = new Date('2026-11-22T09:15:00Z');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  now = t0;
  w.services.clock = () => now;
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command', vettingExpiresAt: new Date('2027-06-01T00:00:00Z') } });
  // Exactly 30 days out: reminded today. Lu: 30 days and an hour out: not yet.
  seed(w.db, { name: 'Mo Member', identity: mo, set: { vettedAt: new Date(t0.getTime() - 335 * DAY), vettingExpiresAt: new Date(t0.getTime() + 30 * DAY) } });
  seed(w.db, { name: 'Lu Member', identity: lu, set: { vettingExpiresAt: new Date(t0.getTime() + 30 * DAY + 3600_000) } });
});
afterEach(async () => {
  await w.close();
});

async function runTask(name: string): Promise<string> {
  const task = w.services.registry.tasks().find((t) => t.name === name)!;
  const result = String((await task.run(w.services)) ?? '');
  await w.settled();
  return result;
}

const texts = (who: string) => w.dmsTo(who).map((d) => d.text);

describe('vetting expiry', () => {
  it('reminds the member and the coordinators 30 days before, once per period, however often the task runs', async () => {
    expect(await runTask('vetting-reminders')).toMatch(/^1 reminded/);
    expect(texts('console:mo')).toEqual([expect.stringMatching(/Your vetting as a member of Twin Cities Test Partnership runs out on 22 Dec 2026\. Ask a board member or coordinator to renew it/)]);
    expect(texts('console:cora')).toEqual([expect.stringMatching(/Vetting runs out within 30 days for:\n• Mo Member: 22 Dec 2026/)]);
    expect(texts('console:lu')).toEqual([]);

    // The same day again, and the next days: Mo is not reminded twice; Lu's turn comes a day later.
    expect(await runTask('vetting-reminders')).toMatch(/^0 reminded/);
    now = new Date(t0.getTime() + DAY);
    expect(await runTask('vetting-reminders')).toMatch(/^1 reminded/);
    now = new Date(t0.getTime() + 2 * DAY);
    expect(await runTask('vetting-reminders')).toMatch(/^0 reminded/);
    expect(texts('console:mo')).toHaveLength(1);
    expect(texts('console:lu')).toHaveLength(1);
    expect(texts('console:cora')).toEqual([expect.stringContaining('Mo Member'), expect.stringMatching(/• Lu Member/)]);
    expect(w.db.select().from(vettingReminders).all()).toHaveLength(2);
    expect(w.db.select().from(deliveries).all().every((d) => d.status === 'sent')).toBe(true);
  });

  it('suspends at expiry (told, audited), and `vet` renews: a new period, reminded again 30 days before its end', async () => {
    await runTask('vetting-reminders');
    now = new Date(t0.getTime() + 30 * DAY - 60_000);
    await runTask('vetting-lapses');
    expect(findMemberByIdentity(w.db, mo)?.status).toBe('active');

    now = new Date(t0.getTime() + 30 * DAY);
    expect(await runTask('vetting-lapses')).toMatch(/^1 suspended/);
    expect(findMemberByIdentity(w.db, mo)).toMatchObject({ status: 'suspended', statusReason: 'vetting lapsed' });
    expect(texts('console:mo').at(-1)).toMatch(/suspended \(vetting lapsed\)/);
    expect(texts('console:cora').at(-1)).toMatch(/Mo Member: vetting lapsed, suspended/);
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, 'member.vetting-lapsed')).all()).toHaveLength(1);
    expect((await w.run(mo, 'roster')).sent[0]!.card?.tone).toBe('refusal');

    now = new Date(t0.getTime() + 31 * DAY);
    const renewed = await w.run(cora, 'vet @"Mo Member"');
    expect(renewed.texts()).toMatch(/Mo Member is now an active member \(was suspended\), vetted until 23 Dec 2027/);
    const after = findMemberByIdentity(w.db, mo)!;
    expect(after.status).toBe('active');
    expect(after.vettingExpiresAt!.getTime()).toBe(new Date('2027-12-23T09:15:00Z').getTime());
    await runTask('vetting-lapses');
    await runTask('vetting-reminders');
    expect(findMemberByIdentity(w.db, mo)?.status).toBe('active');
    const moReminders = () => w.db.select().from(vettingReminders).where(eq(vettingReminders.memberId, after.id)).all();
    expect(moReminders()).toHaveLength(1);

    // 30 days before the new expiry: the new period's reminder, once.
    now = new Date(after.vettingExpiresAt!.getTime() - 30 * DAY);
    await runTask('vetting-reminders');
    await runTask('vetting-reminders');
    expect(moReminders()).toHaveLength(2);
    expect(texts('console:mo').filter((t) => /runs out on/.test(t))).toEqual([expect.stringContaining('22 Dec 2026'), expect.stringContaining('23 Dec 2027')]);
  });

  it('a renewal before expiry keeps the member active past the old date', async () => {
    now = new Date(t0.getTime() + 10 * DAY);
    await w.run(cora, 'vet @"Lu Member"');
    now = new Date(t0.getTime() + 31 * DAY);
    await runTask('vetting-lapses');
    await runTask('vetting-reminders');
    expect(findMemberByIdentity(w.db, lu)?.status).toBe('active');
    expect(texts('console:lu').filter((t) => /runs out on/.test(t))).toEqual([]);
  });
});
