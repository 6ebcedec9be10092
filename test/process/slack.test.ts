// The real bot process with Slack configured: a token Slack rejects stops it with one clear line; a
// Slack it cannot reach does not — it serves, answers help, reports degraded, and recovers; a signed
// malformed body is refused with 400 and the process keeps serving.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, commandBody, freePort, postSigned, SIGNING_SECRET, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';

const running: BotProcess[] = [];
const fakes: FakeSlack[] = [];
const dataDirs = new Map<BotProcess, string>();
afterEach(async () => {
  for (const b of running.splice(0)) {
    if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGTERM');
    const { code } = await b.exited;
    // A bot that died leaves its own redis-server behind for the next start to reuse; there is none here.
    const dataDir = dataDirs.get(b);
    if (code !== 0 && dataDir) {
      try {
        process.kill(Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim()), 'SIGTERM');
      } catch {
        // none was started, or it is gone already
      }
    }
  }
  for (const f of fakes.splice(0)) await f.close();
});

function slackEnv(apiUrl: string, port: number): NodeJS.ProcessEnv {
  return baseEnv({
    DATA_DIR: join(mkdtempSync(join(tmpdir(), 'ppp-slack-')), 'data'),
    PORT: String(port),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
  });
}

async function healthz(port: number): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('the bot process with Slack', () => {
  it('exits non-zero with one clear line when Slack answers invalid_auth, never showing the token', async () => {
    const fake = await startFakeSlack();
    fakes.push(fake);
    fake.invalidTokens.add(BOT_TOKEN);
    const bot = spawnBot(slackEnv(fake.apiUrl, await freePort()));
    running.push(bot);
    const { code } = await bot.exited;
    expect(code).toBe(1);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ppp-bot: Slack rejected SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token/);
    const all = bot.stdout() + bot.stderr();
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toMatch(/\n\s+at /);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
  });

  it('serves while Slack is unreachable: help answered, /healthz degraded, then ok once Slack is back', async () => {
    const apiPort = await freePort();
    const port = await freePort();
    const bot = spawnBot(slackEnv(`http://127.0.0.1:${apiPort}/api/`, port));
    running.push(bot);
    await bot.waitFor('listening on port');
    expect(bot.stdout()).toContain('Slack API unreachable; serving anyway and retrying in the background');

    const degraded = await healthz(port);
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', db: 'ok', redis: 'ok', slack: 'degraded' });

    const help = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'help' }));
    expect(help.status).toBe(200);
    expect(help.json?.response_type).toBe('ephemeral');
    expect(JSON.stringify(help.json?.blocks)).toContain('What you can do here');

    const fake = await startFakeSlack({ port: apiPort });
    fakes.push(fake);
    await bot.waitFor('Slack is reachable again', 30_000);
    const ok = await healthz(port);
    expect(ok.body).toMatchObject({ status: 'ok', slack: 'ok' });

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout() + bot.stderr()).not.toContain(BOT_TOKEN);
  }, 60_000);

  it('answers a signed `null` body and `payload=null` with 400 and keeps serving', async () => {
    const fake = await startFakeSlack();
    fakes.push(fake);
    const port = await freePort();
    const env = slackEnv(fake.apiUrl, port);
    const bot = spawnBot(env);
    running.push(bot);
    dataDirs.set(bot, env.DATA_DIR!);
    await bot.waitFor('listening on port');
    const url = `http://127.0.0.1:${port}/slack/events`;

    const json = await postSigned(url, 'null', { contentType: 'application/json' });
    expect(json.status).toBe(400);
    const form = await postSigned(url, 'payload=null');
    expect(form.status).toBe(400);

    expect(bot.child.exitCode).toBeNull();
    expect((await healthz(port)).status).toBe(200);
    const help = await postSigned(url, commandBody({ text: 'help' }));
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json?.blocks)).toContain('What you can do here');
    expect(bot.stdout()).toContain('malformed Slack request');

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 60_000);
});
