// SIGKILL of the bot during a 300-conversation batch, then a restart: every conversation gets the
// message, and conversations with two copies are at most the sends that were in flight at the kill —
// exactly those whose rows were leased then; a row settled before the kill is never sent again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { postItem } from '../../src/delivery/outbox.js';
import { recordDeliveries } from '../../src/delivery/store.js';
import { settledReport } from '../helpers/engine.js';
import { BOT_TOKEN, freePort, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, stopBots, type BotProcess } from '../helpers/spawn-bot.js';

let fake: FakeSlack | undefined;
const bots: BotProcess[] = [];
afterAll(async () => {
  await stopBots(bots);
  await fake?.close();
});

describe('a crash mid-batch', () => {
  it('delivers to all 300 conversations after a SIGKILL and restart, with duplicates only from sends in flight', async () => {
    fake = await startFakeSlack();
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-kill-'));
    const dbPath = join(dataDir, 'ppp.sqlite');
    const seed = openDatabase(dbPath);
    const channels = Array.from({ length: 300 }, (_, i) => `CK${String(i).padStart(4, '0')}`);
    recordDeliveries(seed, 'kill-batch', channels.map((c) => postItem(`slack:${TEAM_ID}:${c}`, message('Water main break: avoid 5th St'))), new Date());
    seed.$client.close();

    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(await freePort()), SLACK_BOT_TOKEN: BOT_TOKEN, SIGNING_SECRET: '', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'warn' });
    const first = spawnBot(env);
    bots.push(first);
    // Kill at the 100th post, from inside the fake's own handler: other sends are still in flight.
    await fake.waitFor(() => {
      if (fake!.callsTo('chat.postMessage').length < 100) return false;
      first.child.kill('SIGKILL');
      return true;
    }, 30_000, 'the 100th post');
    await first.exited;

    const db = openDatabase(dbPath);
    const rows = db.select().from(deliveries).all();
    const leased = new Set(rows.filter((r) => r.status === 'pending' && r.claimedUntil !== null).map((r) => r.target.split(':')[2]));
    const inFlight = leased.size;
    const settledAtKill = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.target.split(':')[2]));
    const sentAtKill = settledAtKill.size;
    const postsAtKill = fake.callsTo('chat.postMessage').length;

    const second = spawnBot(env);
    bots.push(second);
    const started = Date.now();
    const report = await settledReport(db, 'kill-batch', second, 60_000, 'the batch to settle after the restart');
    const settleMs = Date.now() - started;

    const perChannel = new Map<string, number>();
    for (const call of fake.callsTo('chat.postMessage')) perChannel.set(String(call.params.channel), (perChannel.get(String(call.params.channel)) ?? 0) + 1);
    const duplicates = [...perChannel.values()].filter((n) => n > 1).length;
    console.log(
      `kill: ${postsAtKill} posts seen, ${sentAtKill} recorded sent, ${inFlight} in flight at the SIGKILL; after restart all settled in ${settleMs} ms; ${report.sent} sent, ${report.unconfirmed.length} unconfirmed, ${report.repeated.length} reported as possibly repeated; conversations with two copies: ${duplicates}`,
    );
    expect(channels.every((c) => (perChannel.get(c) ?? 0) >= 1)).toBe(true);
    expect(report.sent + report.unconfirmed.length).toBe(300);
    expect(report.failed).toEqual([]);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    // Sends are settled a chunk's answers at a time: a row settled before the kill is never sent again,
    // and a second copy only ever went to a conversation whose row was leased (in flight) at the kill.
    for (const [c, n] of perChannel) {
      if (n > 1) expect(leased.has(c)).toBe(true);
      if (settledAtKill.has(c)) expect(n).toBe(1);
    }
    // Every conversation that got two copies is one the report owns up to.
    const repeated = new Set(report.repeated.map((t) => t.split(':')[2]));
    for (const [c, n] of perChannel) if (n > 1) expect(repeated.has(c)).toBe(true);
    expect([...perChannel.values()].every((n) => n <= 2)).toBe(true);
    db.$client.close();

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});
