// The real bot process (src/main.ts) serving Teams: TEAMS_ENABLED=true locally, MICROSOFT_APP_ID with
// Bot Framework authentication, and production without credentials refused at start.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBotLogin } from '../helpers/fake-bot-login.js';
import { FakeTeams, postActivity, shownText, teamsActivity } from '../helpers/fake-teams.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';
import { malformedActivities, runCorpus } from '../adapters/teams/corpus.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let bot: BotProcess | undefined;
let fake: FakeTeams | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) {
    bot.child.kill('SIGTERM');
    await bot.exited;
  }
  bot = undefined;
  await fake?.close();
  fake = undefined;
});

async function startBot(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-teams-')), 'data');
  bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PORT: String(port), PPP_NAME: 'Twin Cities Security Partnership', ...env }));
  await bot.waitFor(`listening on port ${port}`);
  return `http://127.0.0.1:${port}/`;
}

describe('the bot process with Teams', () => {
  it('serves /api/messages with TEAMS_ENABLED=true: help in a 1:1 chat, junk refused, /healthz reports teams', async () => {
    fake = await FakeTeams.start();
    const url = await startBot({ TEAMS_ENABLED: 'true' });

    const help = await postActivity(url, fake, teamsActivity(fake, { text: 'help' }));
    expect(help.status).toBe(200);
    expect(help.calls.map((c) => c.kind)).toEqual(['reply']);
    expect(shownText(help.calls[0]!.body)).toContain('PPP Bot — Twin Cities Security Partnership');

    expect((await postActivity(url, fake, 'not json')).status).toBe(400);
    expect((await postActivity(url, fake, { hello: 'world' })).status).toBe(400);

    const health = await fetch(new URL('/healthz', url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ db: 'ok', redis: 'ok', teams: 'ok' });
    expect(bot!.stdout()).toContain('/api/messages accepts unsigned activities');

    bot!.child.kill('SIGTERM');
    expect((await bot!.exited).code).toBe(0);
  });

  it('survives a seeded corpus of over a thousand malformed activities: no exit, no 5xx, no reply, and still answers', async () => {
    fake = await FakeTeams.start();
    const url = await startBot({ TEAMS_ENABLED: 'true' });
    const cases = malformedActivities(fake.serviceUrl, 20261122);
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const connector = fake;
    const { bad, statuses } = await runCorpus(url, cases, {
      calls: () => connector.calls.length,
      callKinds: (from) => connector.calls.slice(from).map((c) => c.kind),
      // The references live in the child's database; the in-process corpus test counts them.
      refs: () => 0,
    });
    expect({ mishandled: bad.length, first: bad.slice(0, 10) }).toEqual({ mishandled: 0, first: [] });
    expect(Object.keys(statuses).filter((s) => !(Number(s) < 500))).toEqual([]);
    expect(bot!.child.exitCode).toBeNull();
    expect(bot!.child.signalCode).toBeNull();

    const help = await postActivity(url, fake, teamsActivity(fake, { text: 'help' }));
    expect(help.calls.map((c) => c.kind)).toEqual(['reply']);
    const health = await fetch(new URL('/healthz', url));
    expect(health.status).toBe(200);
    bot!.child.kill('SIGTERM');
    expect((await bot!.exited).code).toBe(0);
  }, 120_000);

  it('with MICROSOFT_APP_ID set, refuses an unsigned activity with 401 and never prints the password', async () => {
    fake = await FakeTeams.start();
    const password = 'hunter2-app-password-value';
    const url = await startBot({
      MICROSOFT_APP_ID: '00000000-0000-0000-0000-0000000000a1',
      MICROSOFT_APP_PASSWORD: password,
      MICROSOFT_APP_TYPE: 'SingleTenant',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000b2',
    });
    const unsigned = await postActivity(url, fake, teamsActivity(fake, { text: 'help' }));
    expect(unsigned.status).toBe(401);
    expect(fake.calls).toEqual([]);
    expect(bot!.stdout() + bot!.stderr()).not.toContain(password);
  });

  it('with the test-only Bot Framework endpoints set, answers a validly signed activity with the token it obtained', async () => {
    fake = await FakeTeams.start();
    const appId = '00000000-0000-0000-0000-0000000000a1';
    const password = 'process-test-client-secret';
    const login = await FakeBotLogin.start({ appId, password });
    try {
      const url = await startBot({
        MICROSOFT_APP_ID: appId,
        MICROSOFT_APP_PASSWORD: password,
        MICROSOFT_APP_TYPE: 'SingleTenant',
        MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-0000000000b2',
        BOTFRAMEWORK_OPENID_METADATA_URL: login.metadataUrl,
        BOTFRAMEWORK_LOGIN_URL: login.loginUrl,
      });
      const token = await login.sign({ aud: appId, serviceurl: fake.serviceUrl });
      const help = await postActivity(url, fake, teamsActivity(fake, { text: 'help' }), { authorization: `Bearer ${token}` });
      expect(help.status).toBe(200);
      expect(help.calls.map((c) => [c.kind, c.headers.authorization])).toEqual([['reply', `Bearer ${login.issued[0]}`]]);
      expect(login.tokenRequests.map((r) => r.tenant)).toEqual(['00000000-0000-0000-0000-0000000000b2']);
      expect(bot!.stdout() + bot!.stderr()).not.toContain(password);
    } finally {
      await login.close();
    }
  });

  it('refuses to start in production with Teams enabled but no credentials, naming MICROSOFT_APP_ID', async () => {
    const port = await freePort();
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-teams-')), 'data');
    bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PORT: String(port), TEAMS_ENABLED: 'true', NODE_ENV: 'production' }));
    const { code } = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/^ppp-bot: configuration error: MICROSOFT_APP_ID must be set in production/);
    // It never listened.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
