// Two bot processes on one DATA_DIR share the bot's own redis-server. The first exits cleanly and
// leaves it running for the second, which still announces: every vetted channel gets its copy once.
// The last process to exit stops the server.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { announcements, channels } from '../../db/schema.js';
import { settledReport, until } from '../helpers/engine.js';
import { BOT_TOKEN, buttonPressBody, commandBody, freePort, postSigned, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, stopBots, type BotProcess } from '../helpers/spawn-bot.js';

let fake: FakeSlack | undefined;
const procs: BotProcess[] = [];
afterAll(async () => {
  await stopBots(procs, 'SIGKILL');
  await fake?.close();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const COORDINATOR = 'U0COORD';
const CHANNELS = ['CSH1', 'CSH2', 'CSH3', 'CSH4', 'CSH5'];

describe('two processes on one DATA_DIR', () => {
  it('the first exits cleanly, the second still announces, every copy arrives once; the last exit stops redis', async () => {
    fake = await startFakeSlack();
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-shared-'));
    const env = (port: number) =>
      baseEnv({ DATA_DIR: dataDir, PORT: String(port), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake!.apiUrl, PPP_ADMINS: `slack:${COORDINATOR}` });
    const first = spawnBot(env(await freePort()));
    procs.push(first);
    await first.waitFor('listening on port');
    const serverPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim());
    expect(alive(serverPid)).toBe(true);

    const port = await freePort();
    const second = spawnBot(env(port));
    procs.push(second);
    await second.waitFor('listening on port');
    expect(second.stdout()).toContain('shares the redis-server run by another bot process');

    const db = openDatabase(join(dataDir, 'ppp.sqlite'));
    db.insert(channels).values(CHANNELS.map((c) => ({ address: `slack:${TEAM_ID}:${c}`, platform: 'slack', name: c, kind: 'general', status: 'vetted', updatedAt: new Date() }))).run();

    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    // Still used by the second process: left running, and the log says so.
    expect(alive(serverPid)).toBe(true);
    expect(first.stdout()).toContain(`left its redis-server (pid ${serverPid}) running for 1 other bot process`);

    const events = `http://127.0.0.1:${port}/slack/events`;
    const asked = await postSigned(events, commandBody({ text: 'announce Summit moved to Thursday', user_id: COORDINATOR, user_name: 'coord', channel_id: 'C0ELSE', response_url: fake.responseUrl() }));
    expect(asked.status).toBe(200);
    const draft = await until(() => db.select().from(announcements).all().find((a) => a.text === 'Summit moved to Thursday'), 20_000, 'the draft');
    await until(() => db.select().from(announcements).all().find((a) => a.previewMessageId), 20_000, 'the preview');
    const pressed = await postSigned(
      events,
      buttonPressBody({ user: COORDINATOR, username: 'coord', channel: 'D0COORD', responseUrl: fake.responseUrl('send-press'), actionId: 'announce.send', value: String(draft.id) }),
    );
    expect(pressed.status).toBe(200);

    const report = await settledReport(db, `announce-${draft.id}`, second, 20_000, 'the announcement to settle');
    expect(report).toMatchObject({ total: CHANNELS.length, sent: CHANNELS.length, failed: [], unconfirmed: [] });
    const copies = fake.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.params).includes('Summit moved') && CHANNELS.includes(String(c.params.channel)));
    expect(copies.map((c) => String(c.params.channel)).sort()).toEqual(CHANNELS);
    db.$client.close();

    // The last process to leave stops the server, and exits promptly.
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    await until(() => !alive(serverPid), 10_000, 'the redis-server to stop');
    expect(second.stdout()).toContain(`stopped its redis-server (pid ${serverPid})`);
  }, 120_000);

  it('two processes stopped at the same moment leave no redis-server behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-shared-both-'));
    const env = baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1' });
    const a = spawnBot(env);
    procs.push(a);
    await a.waitFor('ppp> ');
    const b = spawnBot(env);
    procs.push(b);
    await b.waitFor('ppp> ');
    expect(b.stdout()).toContain('shares the redis-server run by another bot process');
    const serverPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim());
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);
    // One of them decided last and saw nobody else: it stopped the server.
    await until(() => !alive(serverPid), 15_000, 'the redis-server to stop');
  }, 60_000);
});
