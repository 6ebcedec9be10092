// Deliveries travel in chunks: one job, one pace call and one lease transaction for many rows. A chunk
// never puts two posts into one Slack channel inside a second (the fake refuses with 429 if it did), a
// 429 holds the chunk's other posts to that channel back until Retry-After, and a job queued by an
// earlier version (one row each) is still delivered. Real Redis, real SQLite, the real Slack adapter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport, recordDeliveries } from '../../src/delivery/store.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';

let fake: FakeSlack;
let run: RunningEngine | undefined;

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await run?.close();
  run = undefined;
  await fake.close();
});

const HOUR = 3_600_000;
const settled = (batch: string) =>
  until(() => {
    const r = deliveryReport(run!.services.db, batch);
    return r.settled ? r : undefined;
  }, 30_000, `batch ${batch} to settle`);

describe('delivery chunks', () => {
  it('one chunk with three posts to one Slack channel (two in threads) under a strict one-a-second limit: all sent, none refused', async () => {
    fake.limit('chat.postMessage', { intervalMs: 1000, retryAfterS: 1 });
    run = await startEngine(fake, { reconcileEveryMs: HOUR });
    const channel = `slack:${TEAM_ID}:CCHUNK`;
    const targets = [channel, `${channel}:1790000000.000001`, `${channel}:1790000000.000002`, `slack:${TEAM_ID}:COTHER`];
    await sendBatch(run.services, 'chunk-one-channel', targets.map((t) => postItem(t, message('Shelter in place until 14:00'))));
    const report = await settled('chunk-one-channel');
    expect(report).toMatchObject({ total: 4, sent: 4, failed: [], unconfirmed: [] });
    expect(fake.refused).toEqual([]);
    expect(fake.acceptedTo('chat.postMessage').filter((c) => c.params.channel === 'CCHUNK')).toHaveLength(3);
    // One job carried them all: every row was leased by this process, once.
    const rows = run.services.db.select().from(deliveries).all();
    expect(rows.every((r) => r.attempts === 1 && r.claimedBy?.endsWith(`:${process.pid}`))).toBe(true);
  });

  it('a 429 holds the chunk’s other posts to that channel back until Retry-After, with no second refusal', async () => {
    fake.limit('chat.postMessage', { intervalMs: 1000, retryAfterS: 1 });
    // Someone else posted there a moment ago, as far as Slack is concerned: the first call is refused.
    fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } });
    run = await startEngine(fake, { reconcileEveryMs: HOUR });
    const channel = `slack:${TEAM_ID}:CBLOCK`;
    await sendBatch(run.services, 'chunk-429', [channel, `${channel}:1790000000.000009`].map((t) => postItem(t, message('Road closed at 5th St'))));
    const report = await settled('chunk-429');
    expect(report).toMatchObject({ total: 2, sent: 2 });
    // Three calls: the refused one, then both posts, each at least Retry-After (2 s) after the refusal.
    const calls = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CBLOCK');
    expect(calls).toHaveLength(3);
    const refusedAt = calls[0]!.at!;
    expect(calls.slice(1).map((c) => c.at! - refusedAt >= 1990)).toEqual([true, true]);
    expect(fake.refused).toEqual([]);
  });

  it('delivers a job queued by an earlier version, which carried one row', async () => {
    run = await startEngine(fake, { reconcileEveryMs: HOUR });
    const [id] = recordDeliveries(run.services.db, 'legacy-job', [postItem(`slack:${TEAM_ID}:CLEGACY`, message('From before the upgrade'))], new Date());
    await run.engine.deliveries.add('deliver', { id }, { jobId: `d-${id!}`, removeOnComplete: true });
    const report = await settled('legacy-job');
    expect(report.sent).toBe(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CLEGACY')).toHaveLength(1);
  });
});
