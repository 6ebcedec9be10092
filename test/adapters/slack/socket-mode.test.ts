// Socket Mode against a local WebSocket server standing in for Slack: apps.connections.open hands out
// a ws://127.0.0.1 URL; envelopes are acknowledged (help in the acknowledgement) and answered.
import { afterEach, describe, expect, it } from 'vitest';
import { FatalAdapterError } from '../../../src/platform.js';
import { APP_TOKEN, freePort, startFakeSlack, TEAM_ID, type FakeSlack } from '../../helpers/fake-slack.js';
import { slowGate, startHarness, testRegistry, type Harness } from './harness.js';

const slash = (fake: FakeSlack, text: string, responseId = 'sock') => ({
  token: 'legacy-verification-token',
  team_id: TEAM_ID,
  team_domain: 'test',
  channel_id: 'C0CHANNEL',
  channel_name: 'security-chiefs',
  user_id: 'U0SOCKET',
  user_name: 'sock.user',
  command: '/ppp',
  text,
  api_app_id: 'A111',
  response_url: fake.responseUrl(responseId),
  trigger_id: 't-1',
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(fake: FakeSlack): Promise<Harness> {
  const h = await startHarness({ fake, socketMode: true, registry: testRegistry(), adapter: { helloTimeoutMs: 2000 } });
  cleanup.push(() => h.close());
  return h;
}

describe('Socket Mode', () => {
  it('connects with the app token, serves no HTTP route, and answers a slash command envelope in its acknowledgement', async () => {
    const fake = await startFakeSlack();
    cleanup.push(() => fake.close());
    const h = await start(fake);
    expect(h.adapter.routes).toEqual([]);
    expect(fake.callsTo('apps.connections.open')[0]!.token).toBe(APP_TOKEN);
    expect(fake.sockets.size).toBe(1);
    expect(h.adapter.health()).toBe('ok');

    const ack = await fake.sendEnvelope('slash_commands', slash(fake, 'help'));
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack.payload?.blocks)).toContain('What you can do here');

    // A slow command: an empty acknowledgement, then the answer through response_url.
    slowGate.hold();
    const slow = await fake.sendEnvelope('slash_commands', slash(fake, 'testslow', 'sock-slow'));
    expect(slow.payload).toEqual({});
    slowGate.release();
    const late = await fake.waitFor(() => fake.responses.find((r) => r.id === 'sock-slow'));
    expect(JSON.stringify(late.body.blocks)).toContain('Late, but here.');
  });

  it('reconnects when Slack drops the connection', async () => {
    const fake = await startFakeSlack();
    cleanup.push(() => fake.close());
    const h = await start(fake);
    for (const ws of fake.sockets) ws.terminate();
    await fake.waitFor(() => fake.callsTo('apps.connections.open').length >= 2 && fake.sockets.size === 1, 10_000, 'a second connection');
    await fake.waitFor(() => h.adapter.health() === 'ok', 5000, 'health ok again');
    const ack = await fake.sendEnvelope('slash_commands', slash(fake, 'help'));
    expect(ack.payload?.response_type).toBe('ephemeral');
  });

  it('stops the process for an app token Slack rejects', async () => {
    const fake = await startFakeSlack();
    cleanup.push(() => fake.close());
    fake.invalidTokens.add(APP_TOKEN);
    const err = await start(fake).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FatalAdapterError);
    expect((err as Error).message).toMatch(/^Slack rejected SLACK_APP_TOKEN \(invalid_auth\): /);
    expect((err as Error).message).not.toContain(APP_TOKEN);
  });

  it('serves while Slack is unreachable, and connects once it is back', async () => {
    const port = await freePort();
    // The bot points at a port where nothing listens yet.
    const down = { apiUrl: `http://127.0.0.1:${port}/api/` } as FakeSlack;
    const h = await startHarness({ fake: down, socketMode: true, registry: testRegistry(), adapter: { helloTimeoutMs: 2000 } });
    cleanup.push(() => h.close());
    expect(h.adapter.health()).toBe('degraded');
    const fake = await startFakeSlack({ port });
    cleanup.push(() => fake.close());
    await fake.waitFor(() => fake.sockets.size === 1, 10_000, 'the bot to connect');
    await fake.waitFor(() => h.adapter.health() === 'ok', 5000, 'health ok');
    const ack = await fake.sendEnvelope('slash_commands', slash(fake, 'help'));
    expect(ack.payload?.response_type).toBe('ephemeral');
  });
});
