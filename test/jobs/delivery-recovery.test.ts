// Losing Redis loses nothing: after FLUSHALL the reconcile pass rebuilds the queue from SQLite and
// every pending delivery arrives exactly once. And fifty edits of one message coalesce into a few.
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { getRefresh } from '../../src/delivery/refresh-store.js';
import { refreshes } from '../../db/schema.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { privateRedisForFile } from '../helpers/private-redis.js';

let fake: FakeSlack;
let run: RunningEngine | undefined;
const privateRedis = privateRedisForFile();

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await run?.close();
  run = undefined;
  await fake.close();
});

describe('recovery from SQLite', () => {
  it('FLUSHALL with 100 deliveries pending: all 100 arrive exactly once', async () => {
    run = await startEngine(fake, { redisUrl: privateRedis.url, reconcileEveryMs: 500 });
    // 25 channels × 4 posts: pacing at one post per second per channel keeps most of them pending.
    const channels = Array.from({ length: 25 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    for (let n = 0; n < 4; n++) {
      await sendBatch(run.services, `flush-${n}`, channels.map((c) => postItem(`slack:${TEAM_ID}:${c}`, message(`post ${n} to ${c}`))));
    }
    await fake.waitFor(() => fake.callsTo('chat.postMessage').length >= 25, 10_000, 'the first posts');
    const pendingAtFlush = [0, 1, 2, 3].reduce((sum, n) => sum + deliveryReport(run!.services.db, `flush-${n}`).pending, 0);
    const admin = new Redis(privateRedis.url);
    await admin.flushall();
    await admin.quit();
    const flushedAt = Date.now();

    await until(() => [0, 1, 2, 3].every((n) => deliveryReport(run!.services.db, `flush-${n}`).settled), 30_000, 'every batch to settle');
    const settleMs = Date.now() - flushedAt;
    const posts = fake.callsTo('chat.postMessage').map((c) => `${String(c.params.channel)}|${String(c.params.text)}`);
    expect(pendingAtFlush).toBeGreaterThan(0);
    expect(posts).toHaveLength(100);
    expect(new Set(posts).size).toBe(100);
    for (let n = 0; n < 4; n++) expect(deliveryReport(run.services.db, `flush-${n}`).sent).toBe(25);
    console.log(`flush: ${pendingAtFlush} of 100 pending at FLUSHALL; all settled ${settleMs} ms later; duplicates 0`);
  });

  it('fifty refresh requests for one message within a second: a handful of edits, the last shows all fifty', async () => {
    run = await startEngine(fake, { redisUrl: privateRedis.url });
    const { services, engine } = run;
    // The renderer reads SQLite when the job runs: here, how many clicks were recorded.
    services.registry.renderer('test-clicks', (s) => message(`clicks: ${s.db.select().from(auditLog).all().length}`));
    const address = `slack:${TEAM_ID}:CTALLY`;
    const posted = await services.messenger!.post(address, message('clicks: 0'));
    // Fifty clicks spread over about a second, as members would make them.
    for (let i = 1; i <= 50; i++) {
      services.db.insert(auditLog).values({ at: new Date(), actor: 'test', action: 'click' }).run();
      await engine.refresh({ address, messageId: posted.messageId, renderer: 'test-clicks', subject: 'tally' });
      await new Promise((r) => setTimeout(r, 18));
    }
    const row = await until(() => {
      const r = services.db.select().from(refreshes).all()[0];
      return r && r.renderedVersion >= r.version && !r.queued && !r.claimedUntil ? r : undefined;
    }, 20_000, 'the edits to finish');
    const edits = fake.callsTo('chat.update');
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.length).toBeLessThanOrEqual(5);
    expect(String(edits.at(-1)!.params.text)).toContain('clicks: 50');
    expect(getRefresh(services.db, row.id)!.version).toBe(50);
    console.log(`refresh: 50 requests → ${edits.length} edits`);
  });
});
