// npm run worker beside the bot: both share the bot's own Redis and the database, the worker process
// itself sends part of the work, and every delivery is sent once. Each process talks to its own fake
// Slack, so the posts each one made are counted apart. The queue dashboard is off without ADMIN_TOKEN
// and behind it with one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { message } from '../../src/cards/card.js';
import { postItem } from '../../src/delivery/outbox.js';
import { deliveryReport, recordDeliveries } from '../../src/delivery/store.js';
import { until } from '../helpers/engine.js';
import { BOT_TOKEN, freePort, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';

const fakes: FakeSlack[] = [];
const procs: BotProcess[] = [];
afterAll(async () => {
  for (const p of procs.reverse()) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => p.exited));
  await Promise.all(fakes.map((f) => f.close()));
});

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  fakes.push(fake);
  return fake;
}

const postedChannels = (fake: FakeSlack) => fake.callsTo('chat.postMessage').map((c) => String(c.params.channel));

const TOKEN = 'operators-only-token-1234';

describe('extra workers and the dashboard', () => {
  it('a worker process shares the work and the dashboard answers only with ADMIN_TOKEN', async () => {
    const botSlack = await fakeSlack();
    const workerSlack = await fakeSlack();
    const SHARED = 200;
    // The bot's Slack answers each post after 100 ms, so the bot's own workers cannot take the whole
    // batch before the worker process's do: the worker must show it works, not only that it starts.
    botSlack.script('chat.postMessage', ...Array.from({ length: SHARED }, () => ({ delayMs: 100 })));
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-worker-'));
    const port = await freePort();
    // A reconcile pass every 2 s instead of every 60 s: the rows below are queued by one, not waited for.
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: botSlack.apiUrl, ADMIN_TOKEN: TOKEN, PPP_RECONCILE_SECONDS: '2' });
    const bot = spawnBot(env);
    procs.push(bot);
    await bot.waitFor('listening on port');
    const worker = spawnBot({ ...env, PORT: String(await freePort()), SLACK_API_URL: workerSlack.apiUrl }, ['--worker']);
    procs.push(worker);
    await worker.waitFor('worker running');
    expect(worker.stdout()).toContain('shares the redis-server run by another bot process');

    const db = openDatabase(join(dataDir, 'ppp.sqlite'));
    const channels = Array.from({ length: SHARED }, (_, i) => `CW${String(i).padStart(4, '0')}`);
    recordDeliveries(db, 'shared', channels.map((c) => postItem(`slack:${TEAM_ID}:${c}`, message('Shared load'))), new Date());
    // Nobody queued them: the next reconcile pass of either process does.
    const report = await until(() => {
      const r = deliveryReport(db, 'shared');
      return r.settled ? r : undefined;
    }, 30_000, 'the shared batch to settle');
    expect(report.sent).toBe(SHARED);
    const byBot = postedChannels(botSlack);
    const byWorker = postedChannels(workerSlack);
    // Both processes posted, and together each conversation got its copy once.
    expect(byWorker.length).toBeGreaterThan(0);
    expect(byBot.length).toBeGreaterThan(0);
    expect([...byBot, ...byWorker]).toHaveLength(SHARED);
    expect(new Set([...byBot, ...byWorker]).size).toBe(SHARED);
    db.$client.close();

    const url = `http://127.0.0.1:${port}/admin/queues`;
    expect((await fetch(url)).status).toBe(401);
    const wrong = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/<html/i);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok', slack: 'ok' });
  }, 60_000);

  it('without ADMIN_TOKEN there is no dashboard', async () => {
    const slack = await fakeSlack();
    const port = await freePort();
    const bot = spawnBot(baseEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'ppp-nodash-')), PORT: String(port), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl }));
    procs.push(bot);
    await bot.waitFor('listening on port');
    expect((await fetch(`http://127.0.0.1:${port}/admin/queues`)).status).toBe(404);
  });
});
