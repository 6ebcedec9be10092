// Item 1 of the hardening issue, Teams half: a seeded corpus of more than a thousand malformed
// activities against the real Teams adapter over HTTP, unsigned and then validly signed. None may get a
// 5xx, be replied to or leave a conversation reference it should not, and a valid activity is still
// answered afterwards. (test/process/teams.test.ts sends the same corpus to the real bot process.)
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { FakeBotLogin } from '../../helpers/fake-bot-login.js';
import { shownText, teamsActivity } from '../../helpers/fake-teams.js';
import { malformedActivities, runCorpus, type MalformedCase } from './corpus.js';
import { startHarness, type Harness } from './harness.js';

/** Fixed so a failure can be replayed; PPP_CORPUS_SEED explores other corpora by hand. */
const SEED = Number(process.env.PPP_CORPUS_SEED ?? 20261122);

let h: Harness | undefined;
let login: FakeBotLogin | undefined;
afterEach(async () => {
  await h?.close();
  await login?.close();
  h = undefined;
  login = undefined;
});

async function expectCorpusHandled(harness: Harness, headers?: (c: MalformedCase) => Promise<Record<string, string>>): Promise<void> {
  const cases = malformedActivities(harness.fake.serviceUrl, SEED);
  expect(cases.length).toBeGreaterThanOrEqual(1000);
  const refs = () => (harness.db.$client.prepare('select count(*) as n from conversation_refs').get() as { n: number }).n;
  const observe = { calls: () => harness.fake.calls.length, callKinds: (from: number) => harness.fake.calls.slice(from).map((c) => c.kind), refs };
  const { bad, statuses } = await runCorpus(harness.url, cases, observe, headers);
  expect({ mishandled: bad.length, first: bad.slice(0, 25) }).toEqual({ mishandled: 0, first: [] });
  // The corpus really reached the bot: most of it was refused at the edge, the rest handled quietly.
  expect(statuses['400']).toBeGreaterThan(cases.length / 2);
  expect(Object.keys(statuses).filter((s) => !(Number(s) < 500))).toEqual([]);
  const health = await fetch(new URL('/healthz', harness.url));
  expect(health.status).toBe(200);
}

describe('POST /api/messages with a corpus of malformed activities', () => {
  it('answers every one below 500, replies to none, stores nothing it should not, and still answers help', async () => {
    h = await startHarness();
    await expectCorpusHandled(h);
    const help = await h.post(teamsActivity(h.fake, { text: 'help' }));
    expect(help.status).toBe(200);
    expect(help.calls.map((c) => c.kind)).toEqual(['reply']);
    expect(shownText(help.calls[0]!.body)).toContain('What you can do here');
  }, 120_000);

  it('does the same when every one of them carries a valid Bot Framework token', async () => {
    const config = loadConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000c0c0', MICROSOFT_APP_PASSWORD: 'corpus-secret', MICROSOFT_APP_TENANT_ID: 'tenant-corpus' }).teams!;
    login = await FakeBotLogin.start({ appId: config.appId, password: 'corpus-secret' });
    h = await startHarness({ config: { ...config, testEndpoints: { openIdMetadataUrl: login.metadataUrl, loginUrl: login.loginUrl } } });
    const signer = login;
    const serviceUrl = h.fake.serviceUrl;
    // The token vouches for the activity's own service URL whenever it has one, as the Bot Framework's would.
    await expectCorpusHandled(h, async (c) => {
      const claimed = c.body && typeof c.body === 'object' ? (c.body as { serviceUrl?: unknown }).serviceUrl : undefined;
      // (Not a 100 KB one: no Bot Framework token names that, and Node refuses such a header with 431.)
      const vouched = typeof claimed === 'string' && claimed.length <= 2048 ? claimed : serviceUrl;
      const token = await signer.sign({ aud: config.appId, serviceurl: vouched });
      return { authorization: `Bearer ${token}` };
    });
    const token = await signer.sign({ aud: config.appId, serviceurl: serviceUrl });
    const help = await h.post(teamsActivity(h.fake, { text: 'help' }), { authorization: `Bearer ${token}` });
    expect(help.calls.map((c) => [c.kind, c.headers.authorization])).toEqual([['reply', `Bearer ${signer.issued[0]}`]]);
  }, 180_000);
});
