// The authenticated Teams path, end to end on loopback (hardening items 11 and 14): a local OpenID
// issuer signs tokens the way the Bot Framework does, a local token endpoint gives the bot its own
// token, and the fake connector sees which token the bot's replies carry — for a SingleTenant and a
// MultiTenant app. And when the signing keys cannot be fetched, the caller learns nothing internal.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorValidation } from 'botframework-connector';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_UNAVAILABLE } from '../../../adapters/teams/http.js';
import { loadConfig, type TeamsConfig } from '../../../src/config.js';
import { message } from '../../../src/cards/card.js';
import { FakeBotLogin } from '../../helpers/fake-bot-login.js';
import { JANE, shownText, teamsActivity } from '../../helpers/fake-teams.js';
import { startHarness, type Harness } from './harness.js';

const PASSWORD = 'local-test-client-secret-value';
const TENANT_ID = '00000000-0000-0000-0000-0000000000b2';
let appSeq = 0;

let h: Harness | undefined;
let login: FakeBotLogin | undefined;
afterEach(async () => {
  await h?.close();
  await login?.close();
  h = undefined;
  login = undefined;
});

/** A fresh app id per test: botbuilder caches OpenID metadata per URL and tokens per app id, process-wide. */
function teamsConfig(appType: 'SingleTenant' | 'MultiTenant', env: Record<string, string>): TeamsConfig {
  const appId = `00000000-0000-0000-0000-${String(++appSeq).padStart(12, '0')}`;
  const config = loadConfig({
    MICROSOFT_APP_ID: appId,
    MICROSOFT_APP_PASSWORD: PASSWORD,
    MICROSOFT_APP_TYPE: appType,
    ...(appType === 'SingleTenant' ? { MICROSOFT_APP_TENANT_ID: TENANT_ID } : {}),
    ...env,
  }).teams;
  if (!config) throw new Error('no Teams config');
  return config;
}

async function authenticated(appType: 'SingleTenant' | 'MultiTenant'): Promise<{ h: Harness; login: FakeBotLogin; appId: string }> {
  const probe = teamsConfig(appType, {});
  login = await FakeBotLogin.start({ appId: probe.appId, password: PASSWORD });
  const config = { ...probe, testEndpoints: { openIdMetadataUrl: login.metadataUrl, loginUrl: login.loginUrl } };
  h = await startHarness({ config });
  return { h, login, appId: config.appId };
}

describe.each(['SingleTenant', 'MultiTenant'] as const)('a %s app with a local Bot Framework issuer', (appType) => {
  it('answers a validly signed activity, with the token it obtained on its reply and on a later proactive post', async () => {
    const { h, login, appId } = await authenticated(appType);
    const activity = teamsActivity(h.fake, { text: 'help' });
    const token = await login.sign({ aud: appId, serviceurl: h.fake.serviceUrl });
    const { status, calls } = await h.post(activity, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(calls.map((c) => c.kind)).toEqual(['reply']);
    expect(shownText(calls[0]!.body)).toContain('What you can do here');

    // The bot asked the right tenant for a token for the Bot Connector, as itself, once.
    expect(login.tokenRequests).toEqual([
      {
        tenant: appType === 'SingleTenant' ? TENANT_ID : 'botframework.com',
        form: { grant_type: 'client_credentials', client_id: appId, client_secret: PASSWORD, scope: 'https://api.botframework.com/.default' },
      },
    ]);
    expect(login.issued).toHaveLength(1);
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${login.issued[0]}`);

    // A proactive message (the delivery worker's path) carries it too.
    const before = h.fake.calls.length;
    await h.hub.dm({ platform: 'teams', id: JANE.aadObjectId }, message('Later, privately.'));
    const proactive = h.fake.calls.slice(before);
    expect(proactive.map((c) => [c.kind, c.headers.authorization])).toEqual([['send', `Bearer ${login.issued[0]}`]]);
    expect(login.tokenRequests.length).toBeLessThanOrEqual(2);
    expect(JSON.stringify(h.logs)).not.toContain(PASSWORD);
    expect(JSON.stringify(h.logs)).not.toContain(login.issued[0]);
  });

  it('refuses, with 401 and no reply, a token for another app, an expired one, one for another service URL, and one signed by someone else', async () => {
    const { h, login, appId } = await authenticated(appType);
    const now = Math.floor(Date.now() / 1000);
    const serviceurl = h.fake.serviceUrl;
    const cases: [string, Promise<string>][] = [
      ['another app id', login.sign({ aud: '11111111-1111-1111-1111-111111111111', serviceurl })],
      // Past botbuilder's five minutes of clock tolerance.
      ['expired', login.sign({ aud: appId, serviceurl, nbf: now - 7200, exp: now - 600 })],
      ['another service URL', login.sign({ aud: appId, serviceurl: 'https://smba.trafficmanager.net/amer/' })],
      ['no service URL claim', login.sign({ aud: appId })],
      ['an unpublished key', login.sign({ aud: appId, serviceurl, foreignKey: true })],
      ['another issuer', login.sign({ aud: appId, serviceurl, iss: 'https://sts.example.com/' })],
    ];
    for (const [what, signing] of cases) {
      const { status, text, calls } = await h.post(teamsActivity(h.fake, { text: 'help' }), { authorization: `Bearer ${await signing}` });
      expect({ what, status, text, calls }).toEqual({ what, status: 401, text: 'unauthorized', calls: [] });
    }
    expect(h.db.$client.prepare('select count(*) as n from conversation_refs').get()).toEqual({ n: 0 });
    expect(login.tokenRequests).toEqual([]);
  });
});

describe('an activity from Web Chat or Direct Line, validly signed', () => {
  it('is refused with 403 after authentication, and nothing is stored', async () => {
    const probe = teamsConfig('SingleTenant', {});
    // Bot Framework keys are endorsed for each channel they sign for.
    login = await FakeBotLogin.start({ appId: probe.appId, password: PASSWORD }, { endorsements: ['msteams', 'webchat', 'directline'] });
    h = await startHarness({ config: { ...probe, testEndpoints: { openIdMetadataUrl: login.metadataUrl, loginUrl: login.loginUrl } } });
    for (const channelId of ['webchat', 'directline']) {
      const activity = teamsActivity(h.fake, { text: 'audit' });
      activity.channelId = channelId;
      activity.from = { id: JANE.aadObjectId, name: 'Jane Chief' };
      activity.conversation = { id: `${channelId}-conversation` };
      const token = await login.sign({ aud: probe.appId, serviceurl: h.fake.serviceUrl });
      const { status, calls } = await h.post(activity, { authorization: `Bearer ${token}` });
      expect({ channelId, status, calls }).toEqual({ channelId, status: 403, calls: [] });
    }
    expect(h.db.$client.prepare('select count(*) as n from conversation_refs').get()).toEqual({ n: 0 });
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an unauthenticated token that is not the Bot Framework’s', () => {
  it('is refused before botbuilder reads it, so it cannot grow botbuilder’s process-wide issuer list', async () => {
    const config = teamsConfig('SingleTenant', {});
    h = await startHarness({ config });
    // botbuilder's Emulator check adds four issuers to this shared list for every new `tid` it decodes.
    const issuers = EmulatorValidation.ToBotFromEmulatorTokenValidationParameters.issuer as string[];
    const before = issuers.length;
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (let i = 0; i < 25; i++) {
      const forged = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://sts.windows.net/x/', tid: `tenant-${i}-${'t'.repeat(2000)}`, aud: config.appId })}.c2ln`;
      const { status, calls } = await h.post(teamsActivity(h.fake, { text: 'help' }), { authorization: `Bearer ${forged}` });
      expect({ status, calls }).toEqual({ status: 401, calls: [] });
    }
    expect(issuers.length).toBe(before);
  });
});

describe('when the Bot Framework’s signing keys cannot be fetched', () => {
  it('answers 503 with a body naming nothing internal, logs the detail, and reports Teams degraded', async () => {
    const port = await closedPort();
    const metadataUrl = `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
    const config = teamsConfig('SingleTenant', { BOTFRAMEWORK_OPENID_METADATA_URL: metadataUrl });
    login = await FakeBotLogin.start({ appId: config.appId, password: PASSWORD });
    h = await startHarness({ config });
    const token = await login.sign({ aud: config.appId, serviceurl: h.fake.serviceUrl });
    const { status, text, calls } = await h.post(teamsActivity(h.fake, { text: 'help' }), { authorization: `Bearer ${token}` });
    expect({ status, text, calls }).toEqual({ status: 503, text: AUTH_UNAVAILABLE, calls: [] });
    expect(text).not.toMatch(/127\.0\.0\.1|openid|ECONNREFUSED|fetch|failed/i);

    const logged = h.logs.find((l) => l.msg === 'could not check an activity’s token: the Bot Framework’s signing keys are out of reach') as
      | { err?: { message?: string } }
      | undefined;
    expect(logged?.err?.message).toContain(`127.0.0.1:${port}`);
    expect(JSON.stringify(h.logs)).not.toContain(token);

    const health = await fetch(new URL('/healthz', h.url));
    expect(await health.json()).toMatchObject({ teams: expect.stringMatching(/^degraded/) });
    // A token that is not even a JWT needs no keys: still a plain 401.
    expect((await h.post(teamsActivity(h.fake, { text: 'help' }), { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('answers 503 too when the metadata endpoint answers with an error or garbage', async () => {
    for (const answer of [
      (res: import('node:http').ServerResponse) => res.writeHead(500).end('upstream broke'),
      (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{not json'),
      (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"jwks_uri": 5}'),
    ]) {
      const broken = createServer((_req, res) => answer(res));
      await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
      const metadataUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`;
      const config = teamsConfig('MultiTenant', { BOTFRAMEWORK_OPENID_METADATA_URL: metadataUrl });
      const signer = await FakeBotLogin.start({ appId: config.appId, password: PASSWORD });
      const harness = await startHarness({ config });
      try {
        const token = await signer.sign({ aud: config.appId, serviceurl: harness.fake.serviceUrl });
        const { status, text } = await harness.post(teamsActivity(harness.fake, { text: 'help' }), { authorization: `Bearer ${token}` });
        expect({ status, text }).toEqual({ status: 503, text: AUTH_UNAVAILABLE });
      } finally {
        await harness.close();
        await signer.close();
        await new Promise<void>((resolve) => broken.close(() => resolve()));
      }
    }
  });
});

describe('the test-only endpoint overrides', () => {
  it('are refused in production, and without an app id, naming the variable', () => {
    const env = { MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', BOTFRAMEWORK_OPENID_METADATA_URL: 'http://127.0.0.1:9/x' };
    expect(() => loadConfig({ ...env, NODE_ENV: 'production' })).toThrow(/^BOTFRAMEWORK_OPENID_METADATA_URL is for tests only and is refused when NODE_ENV=production/);
    expect(() => loadConfig({ ...env, BOTFRAMEWORK_LOGIN_URL: 'http://127.0.0.1:9/', NODE_ENV: 'production' })).toThrow(/BOTFRAMEWORK_LOGIN_URL is for tests only/);
    expect(() => loadConfig({ BOTFRAMEWORK_LOGIN_URL: 'http://127.0.0.1:9/', TEAMS_ENABLED: 'true' })).toThrow(/BOTFRAMEWORK_LOGIN_URL is used only with MICROSOFT_APP_ID/);
    expect(() => loadConfig({ ...env, BOTFRAMEWORK_LOGIN_URL: 'http://127.0.0.1:9/login' })).toThrow(/BOTFRAMEWORK_LOGIN_URL must end in \//);
    expect(() => loadConfig({ ...env, BOTFRAMEWORK_OPENID_METADATA_URL: 'file:///etc/keys' })).toThrow(/must be an http\(s\) URL/);
    expect(loadConfig(env).teams?.testEndpoints).toEqual({ openIdMetadataUrl: 'http://127.0.0.1:9/x' });
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p' }).teams?.testEndpoints).toBeUndefined();
  });
});
