// Updates and ALL CLEAR thread under every copy on both platforms — a Slack thread (thread_ts) in the
// channel and in each DM, a Teams channel reply (`;messageid=`) and a new message in a Teams chat — and
// the originals are redrawn with the latest update, then as resolved without answer buttons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { startWorld, until, type World } from '../helpers/world.js';
import { alertSettled, sendFromSlack, slackChannel, slackPosts, teamsConversation, teamsPosts } from './platforms.js';
import { seedMember } from './world.js';

let world: World;
const SENDER = 'U0BOARD1';
const TEAMS_CHANNEL = '19:exec@thread.tacv2';

beforeEach(async () => {
  world = await startWorld();
  seedMember(world.db, { name: 'Bo Board', accounts: [{ platform: 'slack', id: SENDER }], tier: 'board' });
  seedMember(world.db, { name: 'Sam Slack', accounts: [{ platform: 'slack', id: 'U0SAM1' }] });
  seedMember(world.db, { name: 'Tess Teams', accounts: [{ platform: 'teams', id: 'aad-tess-1' }] });
  slackChannel(world, 'C0EXEC', 'executive', 'exec-chiefs');
  teamsConversation(world, TEAMS_CHANNEL, { kind: 'executive', name: 'Executive Board' });
});
afterEach(async () => {
  await world.close();
});

const settledBatch = (batch: string) => until(() => (deliveryReport(world.db, batch).settled ? deliveryReport(world.db, batch) : undefined), `${batch} to settle`);

describe('updates and ALL CLEAR', () => {
  it('thread under every channel copy and direct message, and redraw the originals', async () => {
    const id = await sendFromSlack(world, SENDER, 'alert urgent amber Gas leak at Lake & Hennepin -- evacuating two blocks');
    await alertSettled(world, id);
    const copies = world.db.select().from(deliveries).all().filter((d) => d.batch === `alert-${id}`);
    const slackChannelCopy = copies.find((c) => c.target === 'slack:T0TEST:C0EXEC')!;
    const slackDm = copies.find((c) => c.target === 'slack:U0SAM1')!;
    const teamsChannelCopy = copies.find((c) => c.target === `teams:${TEAMS_CHANNEL}`)!;

    await world.slash(SENDER, `alert update ${id} Leak capped; evacuation continues`);
    await until(() => world.db.select().from(deliveries).all().some((d) => d.batch.startsWith(`alert-${id}-u`)), 'the update recorded');
    const updateBatch = world.db.select().from(deliveries).all().find((d) => d.batch.startsWith(`alert-${id}-u`))!.batch;
    const report = await settledBatch(updateBatch);
    expect(report).toMatchObject({ total: 4, sent: 4, failed: [] });

    // Slack: in the thread of the channel copy, and of Sam's DM copy.
    const slackUpdates = slackPosts(world, 'Leak capped');
    expect(slackUpdates.map((c) => `${String(c.params.channel)}:${String(c.params.thread_ts)}`).sort()).toEqual(
      [`C0EXEC:${slackChannelCopy.messageId}`, `DU0SAM1:${slackDm.messageId}`].sort(),
    );
    // Teams: a reply in the channel copy's thread; a new message in Tess's 1:1 chat (chats have no threads).
    const teamsUpdates = teamsPosts(world, 'Leak capped');
    expect(teamsUpdates.map((c) => c.conversationId).sort()).toEqual([`${TEAMS_CHANNEL};messageid=${teamsChannelCopy.messageId}`, 'a:dm-aad-tess-1'].sort());
    // The originals show the update.
    await until(() => world.slackFake.callsTo('chat.update').some((c) => c.params.channel === 'C0EXEC' && JSON.stringify(c.params).includes('Leak capped')), 'the Slack copy redrawn');
    await until(() => world.teamsFake.calls.some((c) => c.kind === 'update' && c.conversationId === TEAMS_CHANNEL && JSON.stringify(c.body).includes('Leak capped')), 'the Teams copy redrawn');

    await world.slash(SENDER, `alert resolve ${id} All clear: the area is open again`);
    const clear = await settledBatch(`alert-${id}-clear`);
    expect(clear).toMatchObject({ total: 4, sent: 4 });
    expect(slackPosts(world, 'ALL CLEAR').filter((c) => c.params.thread_ts).map((c) => String(c.params.channel)).sort()).toEqual(['C0EXEC', 'DU0SAM1']);
    expect(teamsPosts(world, 'ALL CLEAR —').map((c) => c.conversationId).sort()).toEqual([`${TEAMS_CHANNEL};messageid=${teamsChannelCopy.messageId}`, 'a:dm-aad-tess-1'].sort());
    // The channel copies are redrawn resolved, without the answer buttons.
    const lastSlack = await until(() => {
      const edit = world.slackFake.callsTo('chat.update').filter((c) => c.params.channel === 'C0EXEC').at(-1);
      return edit && JSON.stringify(edit.params).includes('RESOLVED') ? edit : undefined;
    }, 'the Slack copy redrawn resolved');
    expect(JSON.stringify(lastSlack.params.blocks)).not.toContain('alert.answer');
    expect(JSON.stringify(lastSlack.params.blocks)).toContain('All clear: the area is open again');
  });

  it('shows the ledger privately to the sender: answers, each conversation, timings', async () => {
    const id = await sendFromSlack(world, SENDER, 'alert urgent amber Water main break at 5th');
    await alertSettled(world, id);
    const status = await world.slash(SENDER, `alert status ${id}`);
    // The answer comes in the acknowledgement, or through response_url when it took longer.
    const answered = () => JSON.stringify(status.json ?? '') + JSON.stringify(world.slackFake.responses.map((r) => r.body));
    const all = await until(() => (answered().includes('Status — URGENT alert') ? answered() : undefined), 'the ledger');
    expect(all).toContain('"response_type":"ephemeral"');
    expect(all).toContain('acknowledged 0 of 2');
    expect(all).toContain('Conversations (2): delivered 2');
    expect(all).toContain('Direct messages (2): delivered 2');
    expect(all).toContain('Send to first copy');
    // Someone who may not see it is told why.
    seedMember(world.db, { name: 'Ivy Issuer', accounts: [{ platform: 'slack', id: 'U0IVY1' }], issuer: true });
    const refused = await world.slash('U0IVY1', `alert status ${id}`);
    const why = () => JSON.stringify(refused.json ?? '') + JSON.stringify(world.slackFake.responses.map((r) => r.body));
    await until(() => why().includes('only its sender, board members and coordinators may'), 'the refusal');
    expect(JSON.stringify(refused.json)).toContain('You cannot see the status of alert');
    expect(JSON.stringify(refused.json)).not.toContain('Water main break');
  });
});
