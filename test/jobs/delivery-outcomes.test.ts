// Each platform answer settles a delivery as the spec says: 429 waits Retry-After and retries, 5xx backs
// off and retries, a platform error fails with no retry, an unknown fate is retried once then reported
// unconfirmed. Real Redis, real SQLite, the real Slack adapter against a fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../src/cards/card.js';
import { postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';

let fake: FakeSlack;
let run: RunningEngine;

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await run?.close();
  await fake.close();
});

const channel = (c: string) => `slack:${TEAM_ID}:${c}`;

async function deliverOne(batch: string, c: string) {
  await sendBatch(run.services, batch, [postItem(channel(c), message(`hello ${batch}`))]);
  return until(() => {
    const r = deliveryReport(run.services.db, batch);
    return r.settled ? r : undefined;
  }, 30_000, `batch ${batch} to settle`);
}

describe('delivery outcomes', () => {
  it('429 with Retry-After, then success: exactly one message', async () => {
    run = await startEngine(fake);
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const report = await deliverOne('b429', 'C429');
    expect(report.sent).toBe(1);
    // Two calls, the first refused with 429: one message reached the channel.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('503 twice, then success: one message', async () => {
    run = await startEngine(fake);
    fake.script('chat.postMessage', { status: 503, body: 'unavailable' }, { status: 503, body: 'unavailable' });
    const report = await deliverOne('b503', 'C503');
    expect(report.sent).toBe(1);
    // Three calls, two answered 503: one message reached the channel.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('ok:false channel_not_found: failed with the reason after one attempt', async () => {
    run = await startEngine(fake);
    fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const report = await deliverOne('bnf', 'CNF');
    expect(report.failed).toEqual([{ target: channel('CNF'), reason: 'channel_not_found' }]);
    // Give a wrong retry time to show itself before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a timeout is retried once; a second timeout is reported unconfirmed', async () => {
    run = await startEngine(fake, { apiTimeoutMs: 300 });
    fake.script('chat.postMessage', 'hang', 'hang');
    const report = await deliverOne('bto', 'CTO');
    expect(report.unconfirmed).toHaveLength(1);
    expect(report.sent).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a timeout then success is sent, with the one repeat it allows', async () => {
    run = await startEngine(fake, { apiTimeoutMs: 300 });
    fake.script('chat.postMessage', 'hang');
    const report = await deliverOne('bto2', 'CTO2');
    expect(report.sent).toBe(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});
