// Redis stopped under a running bot: a checklist mark and an announcement's Send are answered within
// Slack's 3 s (nothing waits on the reconnect), the work stays pending in SQLite, and when Redis is
// back it goes out exactly once — with the periodic reconcile an hour away, so it is Redis's return
// that sends it. Real Slack adapter and HTTP server, real SQLite, a private redis-server.
import type { ChildProcess } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements, channels, checklistMarks, deliveries } from '../../db/schema.js';
import { QUEUE_DOWN_NOTE } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { makeActor } from '../helpers/db.js';
import { buttonPressBody, postSigned, TEAM_ID } from '../helpers/fake-slack.js';
import { spawnRedis } from '../helpers/redis-global.js';
import { blockText, SLACK_CHANNEL, startWorld, until, type World } from '../helpers/world.js';

let redis: { url: string; port: number; child: ChildProcess };
let w: World;

beforeAll(async () => {
  redis = await spawnRedis();
  w = await startWorld({ redisUrl: redis.url, reconcileEveryMs: 3_600_000 });
});
afterAll(async () => {
  await w?.close();
  redis?.child.kill('SIGKILL');
});

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Waits for the answer Slack's response_url receives for `id`; returns how long it took from `since`. */
async function answered(id: string, since: number): Promise<{ ms: number; text: string }> {
  const response = await until(() => w.slackFake.responses.find((r) => r.id === id), `the answer to ${id}`, 10_000);
  return { ms: Date.now() - since, text: blockText(response.body.blocks) || String(response.body.text ?? '') };
}

function press(user: string, actionId: string, value: string, responseId: string) {
  return postSigned(
    w.eventsUrl,
    buttonPressBody({ user, channel: 'D0COORD', responseUrl: w.slackFake.responseUrl(responseId), actionId, value }),
  );
}

describe('while Redis is down', () => {
  it('a mark and an announcement are answered within 3 s, then delivered once when Redis is back', async () => {
    const coordinator = makeActor(w.db, 'coordinator', 'slack');
    const member = makeActor(w.db, 'member', 'slack', 1);
    const vetted = [SLACK_CHANNEL, 'C0OUTAGE2'];
    w.db.insert(channels).values(vetted.map((c) => ({ address: `slack:${TEAM_ID}:${c}`, platform: 'slack', name: c, kind: 'general', status: 'vetted', updatedAt: new Date() }))).run();

    // Before the outage: a review card in the channel, and an announcement's preview.
    await w.slash(member.id, 'checklist');
    const card = await w.slackFake.waitForCall('chat.postMessage');
    const blockId = (card.params.blocks as { block_id?: string; accessory?: { action_id: string } }[]).find((b) => b.accessory?.action_id === 'checklist.mark')!.block_id!;
    await w.slash(coordinator.id, 'announce Water main break: avoid 5th St');
    const draft = await until(() => w.db.select().from(announcements).all().find((a) => a.previewMessageId), 'the preview');
    const postsBefore = w.slackFake.callsTo('chat.postMessage').length;
    const editsBefore = w.slackFake.callsTo('chat.update').length;

    redis.child.kill('SIGKILL');
    await exited(redis.child);

    const markedAt = Date.now();
    expect((await w.select(member.id, blockId, 'exec.1=in', 'outage-mark')).status).toBe(200);
    const mark = await answered('outage-mark', markedAt);
    expect(mark.text).toContain('Marked question 1 as in place');
    expect(mark.text).toContain(QUEUE_DOWN_NOTE);
    expect(w.db.select().from(checklistMarks).all()).toHaveLength(1);

    const sentAt = Date.now();
    expect((await press(coordinator.id, 'announce.send', String(draft.id), 'outage-send')).status).toBe(200);
    const send = await answered('outage-send', sentAt);
    expect(send.text).toContain(QUEUE_DOWN_NOTE);
    // Sent, with its rows: recorded before Redis was asked, so nothing is lost.
    expect(w.db.select().from(announcements).where(eq(announcements.id, draft.id)).get()!.status).toBe('sent');
    expect(deliveryReport(w.db, `announce-${draft.id}`)).toMatchObject({ total: 2, pending: 2 });
    console.log(`Redis down: mark answered in ${mark.ms} ms, announce Send in ${send.ms} ms`);
    expect(mark.ms).toBeLessThan(3_000);
    expect(send.ms).toBeLessThan(3_000);

    // Back on the same address, empty: what waited in SQLite is queued again and goes out once.
    const downFor = Date.now();
    redis = await spawnRedis(redis.port);
    const report = await until(() => {
      const r = deliveryReport(w.db, `announce-${draft.id}`);
      return r.settled ? r : undefined;
    }, 'the announcement to go out after Redis is back', 20_000);
    expect(report).toMatchObject({ sent: 2, failed: [], unconfirmed: [] });
    await until(() => blockText(w.slackFake.callsTo('chat.update').filter((c) => c.params.channel === SLACK_CHANNEL).at(-1)?.params.blocks).includes('in place 1'), 'the card to show the mark', 20_000);
    console.log(`Redis back: delivered ${Date.now() - downFor} ms after it was started again`);
    await new Promise((r) => setTimeout(r, 1500));
    const copies = w.slackFake.callsTo('chat.postMessage').slice(postsBefore).filter((c) => JSON.stringify(c.params).includes('Water main break'));
    expect(copies.map((c) => String(c.params.channel)).sort()).toEqual([...vetted].sort());
    expect(w.db.select().from(deliveries).where(eq(deliveries.batch, `announce-${draft.id}`)).all().every((d) => d.attempts === 1)).toBe(true);
    expect(w.slackFake.callsTo('chat.update').length).toBeGreaterThan(editsBefore);
  }, 60_000);
});
