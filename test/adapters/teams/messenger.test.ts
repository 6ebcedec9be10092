// The Teams Messenger against the fake connector: posts and edits from stored references, 1:1 messages
// (stored chat, or one created now), and every failure told apart as the delivery engine needs it.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../adapters/teams/connector.js';
import { message } from '../../../src/cards/card.js';
import { SendError } from '../../../src/messenger.js';
import { CHANNEL, JANE, RAY, shownText, TENANT } from '../../helpers/fake-teams.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A harness that has seen the executive channel (so its reference is stored). */
async function withChannel(options: { sendTimeoutMs?: number } = {}): Promise<Harness> {
  const harness = await startHarness(options);
  await harness.send({ scope: 'channel', type: 'conversationUpdate' });
  harness.fake.calls.length = 0;
  return harness;
}

async function failure(promise: Promise<unknown>): Promise<SendError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error('expected a SendError');
}

describe('posting from stored references', () => {
  it('posts a card as a new thread in a channel and edits it', async () => {
    h = await withChannel();
    const sent = await h.hub.post(`teams:${CHANNEL}`, message('Summit on Friday.'));
    const [post] = h.fake.calls;
    expect(post).toMatchObject({ kind: 'send', method: 'POST', conversationId: CHANNEL });
    expect(sent).toEqual({ address: `teams:${CHANNEL}`, messageId: post!.answeredId });
    expect(shownText(post!.body)).toBe('Summit on Friday.');
    expect(post!.body).toMatchObject({ type: 'message', summary: 'Summit on Friday.', conversation: { id: CHANNEL } });

    await h.hub.update(`teams:${CHANNEL}`, sent.messageId, message('Summit moved to Monday.'));
    const edit = h.fake.calls[1]!;
    expect(edit).toMatchObject({ kind: 'update', method: 'PUT', conversationId: CHANNEL, activityId: sent.messageId });
    expect(shownText(edit.body)).toBe('Summit moved to Monday.');
  });

  it('posts into a thread when the address names one', async () => {
    h = await withChannel();
    const thread = `${CHANNEL};messageid=1699999999999`;
    await h.hub.post(`teams:${thread}`, message('In the thread.'));
    expect(h.fake.calls.map((c) => c.conversationId)).toEqual([thread]);
  });

  it('refuses, without calling Teams, a conversation it has no reference for', async () => {
    h = await withChannel();
    const err = await failure(h.hub.post('teams:19:unknown@thread.tacv2', message('x')));
    expect(err.kind).toBe('rejected');
    expect(err.reason).toMatch(/no stored conversation reference/);
    expect(h.fake.calls).toEqual([]);
  });
});

describe('direct messages', () => {
  it('uses the stored 1:1 chat when there is one', async () => {
    h = await withChannel();
    await h.send({ text: 'hello' });
    h.fake.calls.length = 0;
    const sent = await h.hub.dm({ platform: 'teams', id: JANE.aadObjectId }, message('Your survey is waiting.'));
    expect(h.fake.calls.map((c) => [c.kind, c.conversationId])).toEqual([['send', `a:dm-${JANE.id}`]]);
    expect(sent).toEqual({ address: `teams:a:dm-${JANE.id}`, messageId: h.fake.calls[0]!.answeredId });
  });

  it('opens a 1:1 chat from a stored reference’s service URL and tenant, then keeps it', async () => {
    h = await withChannel();
    // Ray spoke in the channel once, so his Teams id is on record.
    await h.send({ scope: 'channel', from: RAY, type: 'conversationUpdate' });
    h.fake.calls.length = 0;
    await h.hub.dm({ platform: 'teams', id: RAY.aadObjectId }, message('Alert: please acknowledge.'));
    expect(h.fake.calls.map((c) => c.kind)).toEqual(['create', 'send']);
    expect(h.fake.calls[0]!.body).toMatchObject({ members: [{ id: RAY.id }], tenantId: TENANT, channelData: { tenant: { id: TENANT } } });
    const row = h.db.$client.prepare("select address, user_identity from conversation_refs where scope = 'personal'").get();
    expect(row).toEqual({ address: `teams:a:dm-${RAY.id}`, user_identity: `teams:${RAY.aadObjectId}` });
    h.fake.calls.length = 0;
    await h.hub.dm({ platform: 'teams', id: RAY.aadObjectId }, message('Reminder.'));
    expect(h.fake.calls.map((c) => c.kind)).toEqual(['send']);
  });

  it('asks Teams by Entra object id for someone who never spoke to the bot', async () => {
    h = await withChannel();
    await h.hub.dm({ platform: 'teams', id: 'aad-never-seen' }, message('Welcome.'));
    expect(h.fake.calls[0]!.body.members).toEqual([{ id: 'aad-never-seen' }]);
  });

  it('refuses when no Teams conversation is known at all', async () => {
    h = await startHarness();
    const err = await failure(h.hub.dm({ platform: 'teams', id: 'aad-x' }, message('x')));
    expect(err.kind).toBe('rejected');
    expect(h.fake.calls).toEqual([]);
  });
});

describe('failures, as the delivery engine tells them apart', () => {
  const cases: { name: string; response: { status: number; headers?: Record<string, string>; body?: unknown }; kind: string; reason: string | RegExp; retryAfterMs?: number }[] = [
    { name: '429 with Retry-After', response: { status: 429, headers: { 'retry-after': '7' } }, kind: 'rate-limited', reason: 'HTTP 429', retryAfterMs: 7000 },
    { name: '429 without Retry-After', response: { status: 429 }, kind: 'rate-limited', reason: 'HTTP 429' },
    { name: '412', response: { status: 412, body: { error: { code: 'PreconditionFailed' } } }, kind: 'transient', reason: 'HTTP 412 PreconditionFailed' },
    { name: '502 with Retry-After', response: { status: 502, headers: { 'retry-after': '2' } }, kind: 'transient', reason: 'HTTP 502', retryAfterMs: 2000 },
    { name: '504', response: { status: 504 }, kind: 'transient', reason: 'HTTP 504' },
    { name: '500', response: { status: 500 }, kind: 'transient', reason: 'HTTP 500' },
    { name: '503', response: { status: 503 }, kind: 'transient', reason: 'HTTP 503' },
    {
      name: '403 with an error code',
      response: { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } },
      kind: 'not-in-conversation',
      reason: 'BotNotInConversationRoster',
    },
    { name: '404 without a body', response: { status: 404 }, kind: 'rejected', reason: 'HTTP 404' },
  ];

  for (const c of cases) {
    it(`maps ${c.name} to ${c.kind}`, async () => {
      h = await withChannel();
      h.fake.script((call) => call.kind === 'send', c.response);
      const err = await failure(h.hub.post(`teams:${CHANNEL}`, message('x')));
      expect(err.kind).toBe(c.kind);
      expect(err.reason).toEqual(c.reason);
      expect(err.retryAfterMs).toBe(c.retryAfterMs);
      // No retries of its own: the job queue owns them.
      expect(h.fake.calls).toHaveLength(1);
    });
  }

  it('maps a failed edit the same way', async () => {
    h = await withChannel();
    h.fake.script((call) => call.kind === 'update', { status: 404, body: { error: { code: 'ActivityNotFoundInConversation' } } });
    const err = await failure(h.hub.update(`teams:${CHANNEL}`, 'act-gone', message('x')));
    expect([err.kind, err.reason]).toEqual(['rejected', 'ActivityNotFoundInConversation']);
  });

  it('counts a post that got no answer in time as unknown — it may have been posted', async () => {
    h = await withChannel({ sendTimeoutMs: 300 });
    h.fake.script((call) => call.kind === 'send', { status: 200, hang: true });
    const err = await failure(h.hub.post(`teams:${CHANNEL}`, message('x')));
    expect(err.kind).toBe('unknown');
  });

  it('counts a 1:1 chat that could not be opened in time as transient — nothing was posted yet', async () => {
    h = await withChannel({ sendTimeoutMs: 300 });
    h.fake.script((call) => call.kind === 'create', { status: 200, hang: true });
    const err = await failure(h.hub.dm({ platform: 'teams', id: 'aad-slow' }, message('x')));
    expect(err.kind).toBe('transient');
    expect(h.fake.calls.map((c) => c.kind)).toEqual(['create']);
  });

  it('counts a refused connection as transient — the post never left', async () => {
    h = await withChannel();
    // A port that was free a moment ago and is closed now.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    h.db.$client.prepare('update conversation_refs set service_url = ?').run(`http://127.0.0.1:${port}/`);
    const err = await failure(h.hub.post(`teams:${CHANNEL}`, message('x')));
    expect(err.kind).toBe('transient');
    expect(err.reason).toMatch(/ECONNREFUSED/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('1.5', now)).toBe(1500);
    expect(retryAfterMs('Sun, 22 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
