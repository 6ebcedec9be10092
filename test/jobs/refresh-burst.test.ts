// A burst of redraw requests for one message, with the reconcile pass an hour away so it cannot
// rescue a lost follow-up: the edits are paced, coalesced, and the last one shows every request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, refreshes } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { startEngine, until, type RunningEngine } from '../helpers/engine.js';
import { makeActor } from '../helpers/db.js';
import { startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { blockText, startWorld } from '../helpers/world.js';

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

async function clicks(count: number, spacingMs: number, firstEditMs = 0) {
  run = await startEngine(fake, { reconcileEveryMs: HOUR });
  // A slow first edit: the requests below arrive while its job is still active.
  if (firstEditMs) fake.script('chat.update', { delayMs: firstEditMs });
  const { services, engine } = run;
  services.registry.renderer('test-clicks', (s) => message(`clicks: ${s.db.select().from(auditLog).all().length}`));
  const address = `slack:${TEAM_ID}:CBURST`;
  const posted = await services.messenger!.post(address, message('clicks: 0'));
  const click = async () => {
    services.db.insert(auditLog).values({ at: new Date(), actor: 'test', action: 'click' }).run();
    await engine.refresh({ address, messageId: posted.messageId, renderer: 'test-clicks', subject: 'tally' });
  };
  if (firstEditMs) {
    await click();
    await fake.waitForCall('chat.update');
    await Promise.all(Array.from({ length: count - 1 }, click));
  } else {
    for (let i = 0; i < count; i++) {
      await click();
      await new Promise((r) => setTimeout(r, spacingMs));
    }
  }
  const lastText = () => String(fake.callsTo('chat.update').at(-1)?.params.text ?? '');
  await until(() => lastText().includes(`clicks: ${count}`), 8_000, `an edit showing all ${count} clicks (last edit: "${lastText()}")`);
  const row = services.db.select().from(refreshes).get()!;
  return { edits: fake.callsTo('chat.update').length, row };
}

describe('a burst of redraws with reconcile an hour away', () => {
  it('fifty requests over a second: a handful of edits, the last shows all fifty within seconds', async () => {
    const { edits, row } = await clicks(50, 18);
    expect(edits).toBeLessThanOrEqual(6);
    expect(row.version).toBe(50);
    console.log(`burst over 1 s: 50 requests → ${edits} edits`);
  });

  it('forty-nine requests while the first edit is in flight: one follow-up edit shows all fifty', async () => {
    const { edits, row } = await clicks(50, 0, 400);
    expect(edits).toBe(2);
    expect(row.version).toBe(50);
  });

  it('fifty members mark one checklist question at once through Slack: the card shows all fifty within seconds', async () => {
    const w = await startWorld({ reconcileEveryMs: HOUR });
    try {
      const users = Array.from({ length: 50 }, (_, i) => makeActor(w.db, 'member', 'slack', i).id);
      await w.slash(users[0]!, 'checklist');
      const post = await w.slackFake.waitForCall('chat.postMessage');
      const blocks = post.params.blocks as { block_id?: string; accessory?: { action_id: string } }[];
      const blockId = blocks.find((b) => b.accessory?.action_id === 'checklist.mark')!.block_id!;
      const answers = await Promise.all(users.map((u, i) => w.select(u, blockId, `exec.1=${i < 30 ? 'in' : 'partly'}`, `burst-${i}`)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const lastEdit = () => blockText(w.slackFake.callsTo('chat.update').at(-1)?.params.blocks);
      await until(() => lastEdit().includes('in place 30 · partly 20'), 8_000, `the card to show all fifty marks (last edit: ${lastEdit().split('\n').find((l) => l.includes('in place')) ?? 'none'})`);
      const edits = w.slackFake.callsTo('chat.update');
      expect(edits.length).toBeLessThan(50);
      console.log(`fifty marks at once: ${edits.length} edits; the last shows all fifty`);
    } finally {
      await w.close();
    }
  });
});
