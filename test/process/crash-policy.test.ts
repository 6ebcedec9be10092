// The process-level policy for errors nobody handled: in production the bot logs them (without
// secrets) and keeps serving; anywhere else Node's default stands, so the fault stops the process and
// cannot go unnoticed. The faults are real ones, raised in the bot's process by a test-only preload.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, commandBody, freePort, postSigned, SIGNING_SECRET, startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';

const FAULTS = pathToFileURL(join(import.meta.dirname, 'fixtures', 'deliberate-faults.mjs')).href;

const running: { bot: BotProcess; dataDir: string }[] = [];
const fakes: FakeSlack[] = [];
afterEach(async () => {
  for (const { bot, dataDir } of running.splice(0)) {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
    const { code } = await bot.exited;
    // A bot that died leaves its own redis-server running for the next start to reuse; there is none here.
    if (code !== 0) stopLeftRedis(dataDir);
  }
  for (const f of fakes.splice(0)) await f.close();
});

function stopLeftRedis(dataDir: string): void {
  try {
    process.kill(Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim()), 'SIGTERM');
  } catch {
    // none was started, or it is gone already
  }
}

async function startBot(extra: Record<string, string>): Promise<{ bot: BotProcess; port: number }> {
  const fake = await startFakeSlack();
  fakes.push(fake);
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-crash-')), 'data');
  const bot = spawnBot(
    baseEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      NODE_OPTIONS: `--import=${FAULTS}`,
      ...extra,
    }),
  );
  running.push({ bot, dataDir });
  await bot.waitFor('listening on port');
  return { bot, port };
}

async function healthStatus(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
}

describe('errors nobody handled', () => {
  it('in production are logged, without secrets, and the bot keeps serving', async () => {
    const { bot, port } = await startBot({ NODE_ENV: 'production' });

    bot.send('reject');
    await bot.waitFor('deliberate rejection from the test');
    expect(await healthStatus(port)).toBe(200);

    bot.send('throw');
    await bot.waitFor('deliberate exception from the test');
    expect(await healthStatus(port)).toBe(200);

    bot.send('reject-secret');
    await bot.waitFor('Slack refused');
    const help = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ text: 'help' }));
    expect(help.status).toBe(200);

    const lines = bot.stdout().split('\n').filter((l) => l.includes('deliberate') || l.includes('Slack refused'));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const entry = JSON.parse(line) as { level: number; msg: string };
      expect(entry.level).toBeGreaterThanOrEqual(50); // pino's error
      expect(entry.msg).toMatch(/^(unhandled rejection|uncaught exception); still serving/);
    }
    expect(bot.stdout() + bot.stderr()).not.toContain(BOT_TOKEN);
    expect(bot.child.exitCode).toBeNull();

    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 60_000);

  it('outside production stop the process, as Node does by default', async () => {
    const { bot } = await startBot({});
    bot.send('reject');
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr()).toContain('deliberate rejection from the test');
  }, 60_000);
});
