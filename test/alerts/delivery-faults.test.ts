// An alert's fan-out under faults, through the real engine: one copy per conversation normally; with
// Slack's 429s (Retry-After) and 5% 503s, and Teams' 429s and 503s, every copy still arrives exactly
// once; and FLUSHALL in the middle of a fan-out loses nothing — reconcile finishes it from SQLite.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryReport } from '../../src/delivery/store.js';
import { privateRedisForFile } from '../helpers/private-redis.js';
import { startWorld, until, type World } from '../helpers/world.js';
import { alertSettled, sendFromSlack, slackChannel, teamsConversation } from './platforms.js';
import { seedMember } from './world.js';

let world: World | undefined;
const privateRedis = privateRedisForFile();
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const SENDER = 'U0BOARD1';
const channelId = (i: number) => `CF${String(i).padStart(4, '0')}`;
const teamsId = (i: number) => `19:fault-${i}@thread.tacv2`;

function seed(w: World, options: { slack: number; teams: number; members: number }): void {
  seedMember(w.db, { name: 'Bo Board', accounts: [{ platform: 'slack', id: SENDER }], tier: 'board' });
  for (let i = 0; i < options.members; i++) seedMember(w.db, { name: `Member ${i}`, accounts: [{ platform: 'slack', id: `U0M${String(i).padStart(4, '0')}` }] });
  for (let i = 0; i < options.slack; i++) slackChannel(w, channelId(i), 'executive', `exec-${i}`);
  for (let i = 0; i < options.teams; i++) teamsConversation(w, teamsId(i), { kind: 'executive', name: `Exec ${i}` });
}

/** Accepted copies per Slack channel or DM and per Teams conversation: of the alert itself, or of its first update. */
function copiesPer(w: World, title: string, what: 'alert' | 'update' = 'alert'): Map<string, number> {
  const per = new Map<string, number>();
  const counts = (shown: string) => shown.includes(title) && !shown.includes('not sent yet') && shown.includes('Update 1 —') === (what === 'update');
  for (const c of w.slackFake.acceptedTo('chat.postMessage')) {
    if (!counts(JSON.stringify(c.params.blocks ?? ''))) continue;
    per.set(`slack:${String(c.params.channel)}`, (per.get(`slack:${String(c.params.channel)}`) ?? 0) + 1);
  }
  for (const c of w.teamsFake.messages()) {
    if (!c.answeredId || !counts(JSON.stringify(c.body))) continue;
    const where = `teams:${(c.conversationId ?? '').replace(/;messageid=.*$/, '')}`;
    per.set(where, (per.get(where) ?? 0) + 1);
  }
  return per;
}

describe('an alert under delivery faults', () => {
  it('arrives once in every conversation and DM with 429s and 5% 503s on Slack, and 429s and 503s on Teams', async () => {
    world = await startWorld();
    seed(world, { slack: 60, teams: 10, members: 20 });
    // Much stricter than the engine's own pacing (one post a second per channel), so the update that
    // follows the alert into each channel meets 429s with Retry-After; and 5% of all calls fail with 503.
    world.slackFake.limit('chat.postMessage', { intervalMs: 2500, retryAfterS: 1, failRate: 0.05, seed: 20261122 });
    // Teams: the first post to three conversations is throttled, two more fail with 503.
    world.teamsFake.script((c) => c.kind === 'send' && [teamsId(1), teamsId(2), teamsId(3)].includes(c.conversationId ?? ''), { status: 429, headers: { 'retry-after': '1' } }, 3);
    world.teamsFake.script((c) => c.kind === 'send' && [teamsId(4), teamsId(5)].includes(c.conversationId ?? ''), { status: 503 }, 2);
    const title = 'Tornado warning for the metro area';
    const id = await sendFromSlack(world, SENDER, `alert urgent amber ${title}`);
    await until(() => world!.db.query.alerts.findFirst().sync()?.status === 'sent', 'the alert sent');
    await world.slash(SENDER, `alert update ${id} Funnel cloud sighted near Edina`);
    const report = await alertSettled(world!, id, 60_000);
    expect(report).toMatchObject({ total: 90, sent: 90, failed: [], unconfirmed: [], repeated: [] });
    const updateBatch = await until(() => world!.db.query.deliveries.findFirst({ where: (d, { like }) => like(d.batch, `alert-${id}-u%`) }).sync()?.batch, 'the update recorded');
    const updated = await until(() => (deliveryReport(world!.db, updateBatch).settled ? deliveryReport(world!.db, updateBatch) : undefined), 'the update to settle', 60_000);
    expect(updated).toMatchObject({ total: 90, sent: 90, failed: [], unconfirmed: [], repeated: [] });
    const updates = copiesPer(world, 'Funnel cloud sighted', 'update');
    expect(updates.size).toBe(90);
    expect([...updates.values()].every((n) => n === 1)).toBe(true);
    const per = copiesPer(world, title);
    const expected = [
      ...Array.from({ length: 60 }, (_, i) => `slack:${channelId(i)}`),
      ...Array.from({ length: 20 }, (_, i) => `slack:DU0M${String(i).padStart(4, '0')}`),
      ...Array.from({ length: 10 }, (_, i) => `teams:${teamsId(i)}`),
    ];
    expect([...per.keys()].sort()).toEqual(expected.sort());
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    const refused = world.slackFake.refused.filter((r) => r.method === 'chat.postMessage');
    expect(refused.some((r) => r.status === 503)).toBe(true);
    expect(refused.some((r) => r.status === 429)).toBe(true);
    console.log(`faults: ${refused.filter((r) => r.status === 429).length} Slack 429s, ${refused.filter((r) => r.status === 503).length} Slack 503s, 3 Teams 429s, 2 Teams 503s; 90 copies, each once`);
  }, 90_000);

  it('FLUSHALL mid-fan-out: reconcile finishes it from SQLite, every conversation once', async () => {
    world = await startWorld({ redisUrl: privateRedis.url, reconcileEveryMs: 500 });
    seed(world, { slack: 300, teams: 0, members: 0 });
    // A slow Slack keeps most of the fan-out in the queue when Redis loses it.
    world.slackFake.script('chat.postMessage', ...Array.from({ length: 400 }, () => ({ delayMs: 60 })));
    const title = 'Evacuate the Warehouse District';
    const id = await sendFromSlack(world, SENDER, `alert advisory amber ${title}`);
    await world.slackFake.waitFor(() => copiesPer(world!, title).size >= 20, 20_000, 'the first copies');
    const pendingAtFlush = deliveryReport(world.db, `alert-${id}`).pending;
    const admin = new Redis(privateRedis.url);
    await admin.flushall();
    await admin.quit();
    const report = await alertSettled(world!, id, 60_000);
    expect(pendingAtFlush).toBeGreaterThan(100);
    expect(report).toMatchObject({ total: 300, sent: 300, failed: [] });
    const per = copiesPer(world, title);
    expect(per.size).toBe(300);
    expect([...per.values()].every((n) => n === 1)).toBe(true);
    console.log(`flush: ${pendingAtFlush} of 300 copies pending at FLUSHALL; all 300 delivered once`);
  }, 90_000);
});
