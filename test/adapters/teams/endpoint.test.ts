// /api/messages as an endpoint: bodies that are not activities get 400 (never 500) and the bot stays
// healthy; a turn that cannot be answered is dropped; with an app id, unsigned activities get 401.
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { teamsActivity } from '../../helpers/fake-teams.js';
import { startTestBot } from '../../helpers/services.js';
import { ANONYMOUS, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function health(harness: Harness): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(new URL('/healthz', harness.url));
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('POST /api/messages', () => {
  it('answers 400 to bodies that are not activities, calls nothing, and stays healthy', async () => {
    h = await startHarness();
    const good = teamsActivity(h.fake, { text: 'help' });
    const junk: [string, unknown][] = [
      ['not JSON', '{"type": "message", '],
      ['empty', ''],
      ['a JSON array', '[{"type":"message"}]'],
      ['a JSON string', '"message"'],
      ['null', 'null'],
      ['no type', { ...good, type: undefined }],
      ['a numeric type', { ...good, type: 7 }],
      ['a numeric serviceUrl', { ...good, serviceUrl: 7 }],
      ['a conversation that is a string', { ...good, conversation: 'c' }],
      ['entities that are not a list', { ...good, entities: 'x' }],
      ['a timestamp that is not a string', { ...good, timestamp: 5 }],
      ['too large', { ...good, text: `help ${'x'.repeat(300 * 1024)}` }],
    ];
    for (const [what, body] of junk) {
      const { status, text } = await h.post(body);
      expect({ what, status }).toEqual({ what, status: 400 });
      expect(text).toMatch(/^not a Bot Framework activity/);
    }
    expect(h.fake.calls).toEqual([]);
    expect(await health(h)).toEqual({ status: 200, body: { status: 'ok', db: 'ok', redis: 'ok', teams: 'ok' } });
    // And it still works.
    expect((await h.post(good)).calls.map((c) => c.kind)).toEqual(['reply']);
  });

  it('drops, with a log line, an activity it could not answer (no serviceUrl or conversation)', async () => {
    h = await startHarness();
    for (const missing of ['serviceUrl', 'conversation', 'from']) {
      const activity = teamsActivity(h.fake, { text: 'help' });
      delete activity[missing];
      const { status } = await h.post(activity);
      expect({ missing, status }).toEqual({ missing, status: 200 });
    }
    expect(h.fake.calls).toEqual([]);
    expect(h.logs.filter((l) => String(l.msg).startsWith('dropped a Teams activity'))).toHaveLength(3);
    expect(h.db.$client.prepare('select count(*) as n from conversation_refs').get()).toEqual({ n: 0 });
  });

  it('is not served by a worker process, which only sends', async () => {
    const { bot, services, close } = await startTestBot();
    try {
      const worker = await createTeamsAdapter(ANONYMOUS, { bot, services, role: 'worker' });
      expect(worker.routes).toEqual([]);
      expect(worker.messenger.platform).toBe('teams');
      const server = await createTeamsAdapter(ANONYMOUS, { bot, services, role: 'serve' });
      expect(server.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/messages']);
    } finally {
      await close();
    }
  });

  it('answers 405 to other methods', async () => {
    h = await startHarness();
    const response = await fetch(new URL('/api/messages', h.url));
    expect(response.status).toBe(405);
  });
});

describe('with MICROSOFT_APP_ID set', () => {
  const config = {
    appId: '00000000-0000-0000-0000-0000000000a1',
    appPassword: 'not-a-real-secret-value',
    appType: 'SingleTenant' as const,
    tenantId: '00000000-0000-0000-0000-0000000000b2',
    anonymous: false,
  };

  it('refuses unsigned and badly signed activities with 401, and never logs the password or the header', async () => {
    h = await startHarness({ config });
    const activity = teamsActivity(h.fake, { text: 'help' });
    expect((await h.post(activity)).status).toBe(401);
    expect((await h.post(activity, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect(h.fake.calls).toEqual([]);
    // Junk is still a 400, before any authentication.
    expect((await h.post('nope')).status).toBe(400);
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain(config.appPassword);
    expect(logged).not.toContain('not-a-token');
    expect(await health(h)).toMatchObject({ status: 200, body: { teams: 'ok' } });
  });
});
