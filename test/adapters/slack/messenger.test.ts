// The Slack Messenger against a fake Web API on loopback: posts, edits, DMs (their channels kept in
// SQLite), and every way a call can fail mapped to the SendError kind the delivery engine acts on.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebClient } from '../../../adapters/slack/app.js';
import { boltLogger } from '../../../adapters/slack/logger.js';
import { DmChannels } from '../../../adapters/slack/dm-channels.js';
import { SlackMessenger } from '../../../adapters/slack/messenger.js';
import { message } from '../../../src/cards/card.js';
import { SendError } from '../../../src/messenger.js';
import { memoryDb } from '../../helpers/db.js';
import { BOT_TOKEN, freePort, startFakeSlack, TEAM_ID, type FakeSlack } from '../../helpers/fake-slack.js';

const logger = boltLogger(pino({ level: 'silent' }));
const card = message('Water main break: avoid 5th St <!channel>');

let fake: FakeSlack;
let messenger: SlackMessenger;

beforeAll(async () => {
  fake = await startFakeSlack();
  messenger = new SlackMessenger(createWebClient(BOT_TOKEN, { apiUrl: fake.apiUrl, timeoutMs: 300, logger }), () => TEAM_ID, undefined, undefined, { timeoutMs: 300 });
});

afterAll(async () => {
  await fake.close();
});

async function failure(send: Promise<unknown>): Promise<SendError> {
  const err = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('SlackMessenger', () => {
  it('posts with the bot token and returns the message ts, into a thread when the address has one', async () => {
    const sent = await messenger.post(`slack:${TEAM_ID}:C0ALERTS`, card);
    const call = fake.callsTo('chat.postMessage').at(-1)!;
    expect(sent).toEqual({ address: `slack:${TEAM_ID}:C0ALERTS`, messageId: expect.stringMatching(/^\d+\.\d+$/) });
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.params).toMatchObject({ channel: 'C0ALERTS', text: 'Water main break: avoid 5th St &lt;!channel&gt;', unfurl_links: false, unfurl_media: false });
    expect(call.params.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Water main break: avoid 5th St &lt;!channel&gt;', verbatim: true } }]);
    expect(call.params.thread_ts).toBeUndefined();

    await messenger.post(`slack:${TEAM_ID}:C0ALERTS:1790000000.000001`, card);
    expect(fake.callsTo('chat.postMessage').at(-1)!.params.thread_ts).toBe('1790000000.000001');
  });

  it('updates a posted message in place', async () => {
    await messenger.update(`slack:${TEAM_ID}:C0ALERTS`, '1790000000.000042', message('Resolved.'));
    expect(fake.callsTo('chat.update').at(-1)!.params).toMatchObject({ channel: 'C0ALERTS', ts: '1790000000.000042', text: 'Resolved.' });
  });

  it('opens the DM first, then posts there', async () => {
    const sent = await messenger.dm({ platform: 'slack', id: 'U0JANE' }, card);
    expect(fake.callsTo('conversations.open').at(-1)!.params.users).toBe('U0JANE');
    expect(fake.callsTo('chat.postMessage').at(-1)!.params.channel).toBe('DU0JANE');
    expect(sent.address).toBe(`slack:${TEAM_ID}:DU0JANE`);
  });

  it('maps a 429 to rate-limited with Retry-After in milliseconds', async () => {
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const err = await failure(messenger.post(`slack:${TEAM_ID}:C1`, card));
    expect([err.kind, err.retryAfterMs]).toEqual(['rate-limited', 7000]);
  });

  it('maps a 429 without a usable Retry-After to rate-limited, leaving the wait to the engine', async () => {
    fake.script('chat.postMessage', { status: 429, body: { ok: false, error: 'ratelimited' } });
    const err = await failure(messenger.post(`slack:${TEAM_ID}:C1`, card));
    expect([err.kind, err.reason, err.retryAfterMs]).toEqual(['rate-limited', 'http 429', undefined]);
  });

  it('maps an answer it cannot read, or one without a ts, to unknown: Slack may have posted it', async () => {
    fake.script('chat.postMessage', { body: 'not json' });
    expect((await failure(messenger.post(`slack:${TEAM_ID}:C1`, card))).kind).toBe('unknown');
    fake.script('chat.postMessage', { body: { ok: true } });
    expect((await failure(messenger.post(`slack:${TEAM_ID}:C1`, card))).reason).toBe('chat.postMessage returned no ts');
  });

  it('maps a 5xx to transient', async () => {
    fake.script('chat.postMessage', { status: 503, body: 'upstream unavailable' });
    fake.script('chat.update', { status: 500, body: {} });
    expect((await failure(messenger.post(`slack:${TEAM_ID}:C1`, card))).kind).toBe('transient');
    expect((await failure(messenger.update(`slack:${TEAM_ID}:C1`, '1.2', card))).kind).toBe('transient');
  });

  it('maps ok:false to not-in-conversation (with how to invite the bot) or rejected, with Slack’s error code', async () => {
    for (const code of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      fake.script('chat.postMessage', { body: { ok: false, error: code } });
      const err = await failure(messenger.post(`slack:${TEAM_ID}:C1`, card));
      expect([err.kind, err.reason, err.refused]).toEqual(['not-in-conversation', code, true]);
      expect(err.remedy?.('try again')).toBe('Invite me first — type `/invite @PPP` here — then try again.');
    }
    fake.script('conversations.open', { body: { ok: false, error: 'user_not_found' } });
    const gone = await failure(messenger.dm({ platform: 'slack', id: 'U0GONE' }, card));
    expect([gone.kind, gone.reason, gone.remedy]).toEqual(['rejected', 'user_not_found', undefined]);
  });

  it('maps a timeout, or a connection lost mid-request, to unknown: Slack may have posted it', async () => {
    fake.script('chat.postMessage', 'hang');
    const err = await failure(messenger.post(`slack:${TEAM_ID}:C1`, card));
    expect([err.kind, err.reason]).toEqual(['unknown', 'timeout']);
    fake.script('chat.postMessage', 'drop');
    expect((await failure(messenger.post(`slack:${TEAM_ID}:C1`, card))).kind).toBe('unknown');
  });

  it('maps a refused connection to transient: nothing was sent', async () => {
    const nowhere = new SlackMessenger(createWebClient(BOT_TOKEN, { apiUrl: `http://127.0.0.1:${await freePort()}/api/`, timeoutMs: 300, logger }), () => TEAM_ID, undefined, undefined, { timeoutMs: 300 });
    const err = await failure(nowhere.post(`slack:${TEAM_ID}:C1`, card));
    expect([err.kind, err.reason]).toEqual(['transient', 'econnrefused']);
  });

  it('refuses addresses and people that are not Slack’s without calling Slack', async () => {
    const before = fake.calls.length;
    expect((await failure(messenger.post('teams:19:abc@thread.tacv2', card))).kind).toBe('rejected');
    expect((await failure(messenger.post('nonsense', card))).kind).toBe('rejected');
    expect((await failure(messenger.dm({ platform: 'teams', id: 'abc' }, card))).kind).toBe('rejected');
    expect(fake.calls.length).toBe(before);
  });
});

describe('SlackMessenger DM channels kept in SQLite', () => {
  const dmCard = message('Alert: acknowledge when read.');

  it('opens a person’s DM once: the second message goes straight to the remembered channel', async () => {
    const db = memoryDb();
    const keeping = new SlackMessenger(createWebClient(BOT_TOKEN, { apiUrl: fake.apiUrl, timeoutMs: 300, logger }), () => TEAM_ID, () => undefined, new DmChannels(db, () => new Date()));
    const opens = fake.callsTo('conversations.open').length;
    const first = await keeping.dm({ platform: 'slack', id: 'U0CACHE' }, dmCard);
    const second = await keeping.dm({ platform: 'slack', id: 'U0CACHE' }, dmCard);
    expect(fake.callsTo('conversations.open').length - opens).toBe(1);
    expect(fake.callsTo('chat.postMessage').slice(-2).map((c) => c.params.channel)).toEqual(['DU0CACHE', 'DU0CACHE']);
    expect([first.address, second.address]).toEqual([`slack:${TEAM_ID}:DU0CACHE`, `slack:${TEAM_ID}:DU0CACHE`]);
    expect(db.$client.prepare('select identity, channel from dm_channels').all()).toEqual([{ identity: 'slack:U0CACHE', channel: 'DU0CACHE' }]);
  });

  it('a remembered DM channel Slack no longer knows is forgotten and opened again, and the message still goes', async () => {
    const db = memoryDb();
    const dms = new DmChannels(db, () => new Date());
    dms.remember('slack:U0STALE', 'DGONE');
    const keeping = new SlackMessenger(createWebClient(BOT_TOKEN, { apiUrl: fake.apiUrl, timeoutMs: 300, logger }), () => TEAM_ID, () => undefined, dms);
    fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const sent = await keeping.dm({ platform: 'slack', id: 'U0STALE' }, dmCard);
    expect(sent.address).toBe(`slack:${TEAM_ID}:DU0STALE`);
    expect(fake.callsTo('chat.postMessage').slice(-2).map((c) => c.params.channel)).toEqual(['DGONE', 'DU0STALE']);
    expect(dms.find('slack:U0STALE')).toBe('DU0STALE');
  });

  it('does not forget a remembered channel for an answer that says nothing about it (a 5xx)', async () => {
    const db = memoryDb();
    const dms = new DmChannels(db, () => new Date());
    dms.remember('slack:U0KEEP', 'DU0KEEP');
    const keeping = new SlackMessenger(createWebClient(BOT_TOKEN, { apiUrl: fake.apiUrl, timeoutMs: 300, logger }), () => TEAM_ID, () => undefined, dms);
    fake.script('chat.postMessage', { status: 503, body: 'unavailable' });
    expect((await failure(keeping.dm({ platform: 'slack', id: 'U0KEEP' }, dmCard))).kind).toBe('transient');
    expect(dms.find('slack:U0KEEP')).toBe('DU0KEEP');
  });
});
