// SIGKILL of the real bot in the middle of an alert's fan-out to 500 conversations, then a restart:
// every conversation gets the alert, and a conversation shows it twice only where a send was in flight
// at the kill — and the ledger owns up to each of those.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import { settledReport } from '../helpers/engine.js';
import { BOT_TOKEN, buttonPressBody, commandBody, freePort, postSigned, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, stopBots, type BotProcess } from '../helpers/spawn-bot.js';
import { seedMember, vet } from '../alerts/world.js';

let fake: FakeSlack | undefined;
const bots: BotProcess[] = [];
afterAll(async () => {
  await stopBots(bots);
  await fake?.close();
});

const SENDER = 'U0BOARD1';
const TITLE = 'Armed suspect near the stadium';
const channel = (i: number) => `CK${String(i).padStart(4, '0')}`;

describe('a crash mid-alert', () => {
  it('reaches all 500 conversations after a SIGKILL and restart, repeating only sends that were in flight', async () => {
    fake = await startFakeSlack();
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-alert-kill-'));
    const dbPath = join(dataDir, 'ppp.sqlite');
    const seed = openDatabase(dbPath);
    seedMember(seed, { name: 'Bo Board', accounts: [{ platform: 'slack', id: SENDER }], tier: 'board' });
    for (let i = 0; i < 500; i++) vet(seed, `slack:${TEAM_ID}:${channel(i)}`, 'executive', `exec-${i}`);
    seed.$client.close();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'warn' });
    const first = spawnBot(env);
    bots.push(first);
    await waitListening(url);

    await postSigned(url, commandBody({ text: `alert advisory amber ${TITLE}`, user_id: SENDER, user_name: 'bo', channel_id: 'C0HOME', response_url: fake.responseUrl() }));
    const preview = await fake.waitFor(() => fake!.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params.blocks ?? '').includes('not sent yet')), 20_000, 'the preview');
    const id = /alert #(\d+)/.exec(JSON.stringify(preview.params.blocks))![1]!;
    const copies = () => fake!.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('CK'));
    await postSigned(
      url,
      buttonPressBody({ user: SENDER, username: 'bo', channel: String(preview.params.channel), channelName: 'directmessage', responseUrl: fake.responseUrl(), triggerId: 'trigger-send', actionId: 'alert.send', value: id }),
    );
    // Kill at the 100th copy, from inside the fake's own bookkeeping: other sends are still in flight.
    await fake.waitFor(() => {
      if (copies().length < 100) return false;
      first.child.kill('SIGKILL');
      return true;
    }, 30_000, 'the 100th copy');
    await first.exited;

    const db = openDatabase(dbPath);
    const rows = db.select().from(deliveries).all().filter((r) => r.batch === `alert-${id}`);
    const inFlight = rows.filter((r) => r.status === 'pending' && r.claimedUntil !== null).length;
    const sentAtKill = rows.filter((r) => r.status === 'sent').length;
    const postsAtKill = copies().length;
    expect(rows).toHaveLength(500);

    const second = spawnBot(env);
    bots.push(second);
    const report = await settledReport(db, `alert-${id}`, second, 60_000, 'the alert to settle after the restart');
    const perChannel = new Map<string, number>();
    for (const call of copies()) perChannel.set(String(call.params.channel), (perChannel.get(String(call.params.channel)) ?? 0) + 1);
    const twice = [...perChannel].filter(([, n]) => n > 1).map(([c]) => c);
    console.log(
      `alert kill: ${postsAtKill} copies seen, ${sentAtKill} recorded sent, ${inFlight} in flight at the SIGKILL; after restart ${report.sent} sent, ${report.unconfirmed.length} unconfirmed, ${report.repeated.length} reported as possibly repeated; conversations with two copies: ${twice.length}`,
    );
    expect(Array.from({ length: 500 }, (_, i) => channel(i)).every((c) => (perChannel.get(c) ?? 0) >= 1)).toBe(true);
    expect(report.sent + report.unconfirmed.length).toBe(500);
    expect(report.failed).toEqual([]);
    expect(twice.length).toBeLessThanOrEqual(inFlight);
    expect([...perChannel.values()].every((n) => n <= 2)).toBe(true);
    // Each conversation that got two copies is one the ledger owns up to.
    const owned = new Set([...report.repeated, ...report.unconfirmed.map((u) => u.target)].map((t) => t.split(':')[2]));
    for (const c of twice) expect(owned.has(c)).toBe(true);
    db.$client.close();
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);
});

/** The bot answers signed requests once it listens; an unsigned GET tells nothing, so poll a real one. */
async function waitListening(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url.replace('/slack/events', '/healthz'));
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the bot did not start listening');
    await new Promise((r) => setTimeout(r, 100));
  }
}
