// An audience: active members by tier, organization kind, category or name, split into those the bot
// can message on a connected platform and those it cannot (with their 24/7 line).
import { afterEach, describe, expect, it } from 'vitest';
import { members, organizations } from '../../db/schema.js';
import { activeMembers, reachOf } from '../../src/members/audience.js';
import { startTestBot, type TestBot } from '../helpers/services.js';
import { seed } from '../helpers/db.js';

let running: TestBot | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function world() {
  const bot = (running = await startTestBot());
  const { db } = bot.services;
  const at = new Date('2026-01-01T00:00:00Z');
  const pd = db.insert(organizations).values({ name: 'Minneapolis PD', kind: 'local-agency', createdAt: at }).returning().get();
  const corp = db.insert(organizations).values({ name: 'Target Corporation', kind: 'corporation', createdAt: at }).returning().get();
  // The test bot reaches the console only: a Slack-only member cannot be messaged from it.
  const chief = seed(db, { name: 'Chief Dana Holt', identity: { platform: 'console', id: 'dana' }, set: { organizationId: pd.id, tier: 'board', category: 'law-enforcement', contact247: '+1 612 555 0101' } });
  const cso = seed(db, { name: 'Sam Ortiz', identity: { platform: 'slack', id: 'U0SAM' }, set: { organizationId: corp.id, category: 'security-practitioner', contact247: '+1 612 555 0199' } });
  const coordinator = seed(db, { name: 'Cora Lind', identity: { platform: 'console', id: 'cora' }, set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(db, { name: 'Left Early', identity: { platform: 'console', id: 'left' }, status: 'departed' });
  return { services: bot.services, chief, cso, coordinator, db };
}

describe('audience', () => {
  it('chooses active members by tier, organization kind, category and id', async () => {
    const { services, chief, cso, coordinator } = await world();
    const names = (f: Parameters<typeof activeMembers>[1]) => activeMembers(services, f).map((m) => m.name);
    expect(names({})).toEqual(['Chief Dana Holt', 'Cora Lind', 'Sam Ortiz']);
    expect(names({ board: true })).toEqual(['Chief Dana Holt', 'Cora Lind']);
    expect(names({ organizationKinds: ['corporation'] })).toEqual(['Sam Ortiz']);
    expect(names({ categories: ['law-enforcement'] })).toEqual(['Chief Dana Holt']);
    expect(names({ memberIds: [cso.id, coordinator.id] })).toEqual(['Cora Lind', 'Sam Ortiz']);
    expect(activeMembers(services, { memberIds: [chief.id] })[0]).toMatchObject({ organization: 'Minneapolis PD', organizationKind: 'local-agency' });
  });

  it('names who cannot be reached on a connected platform, with the 24/7 line to call', async () => {
    const { services } = await world();
    const reach = reachOf(services, activeMembers(services));
    expect(reach.reachable.map((r) => [r.name, r.target])).toEqual([
      ['Chief Dana Holt', 'console:dana'],
      ['Cora Lind', 'console:cora'],
    ]);
    expect(reach.unreachable).toEqual([{ memberId: expect.any(Number), name: 'Sam Ortiz', organization: 'Target Corporation', contact247: '+1 612 555 0199' }]);
  });
});
