// Fifty members marking the same question at once, through signed Slack requests to the real server:
// every mark stored, the card edited a few times (never once per click), the last edit showing all
// fifty, and the summary agreeing. Then a member changes a mark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshes } from '../../db/schema.js';
import { makeActor } from '../helpers/db.js';
import { interactionBody, postSigned, TEAM_ID } from '../helpers/fake-slack.js';
import { blockText, SLACK_CHANNEL, startWorld, until, type World } from '../helpers/world.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const MEMBERS = 50;
/** 30 in place, 10 partly, 5 not yet, 5 n.a. */
const markOf = (i: number) => (i < 30 ? 'in' : i < 40 ? 'partly' : i < 45 ? 'not-yet' : 'na');

describe('marking through Slack', () => {
  let blockId: string;
  let blockOf: (itemKey: string) => string;
  const users: string[] = [];

  it('posts the review card with chat.postMessage when a member starts it', async () => {
    for (let i = 0; i < MEMBERS; i++) users.push(makeActor(w.db, 'member', 'slack', i).id);
    const started = await w.slash(users[0]!, 'checklist');
    expect(started.status).toBe(200);
    const post = await w.slackFake.waitForCall('chat.postMessage');
    expect(post.params.channel).toBe(SLACK_CHANNEL);
    const blocks = post.params.blocks as { type: string; block_id?: string; accessory?: { action_id: string } }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Key ingredients review #1' } });
    blockId = blocks.find((b) => b.accessory?.action_id === 'checklist.mark')!.block_id!;
    blockOf = (itemKey) => blocks.find((b) => b.block_id?.endsWith(`:${itemKey}`))!.block_id!;
    expect(blockId).toMatch(/~1:exec\.1$/);
  });

  it('stores fifty simultaneous marks, confirms each privately, and the last edit shows all fifty', async () => {
    const answers = await Promise.all(users.map((u, i) => w.select(u, blockId, `exec.1=${markOf(i)}`, `mark-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 200));

    const stored = w.db.$client.prepare("select mark, count(*) as n from checklist_marks where review_id = 1 and item_key = 'exec.1' group by mark order by mark").all();
    expect(stored).toEqual([
      { mark: 'in', n: 30 },
      { mark: 'na', n: 5 },
      { mark: 'not-yet', n: 5 },
      { mark: 'partly', n: 10 },
    ]);

    const confirmations = await until(() => {
      const mine = w.slackFake.responses.filter((r) => r.id.startsWith('mark-'));
      return mine.length === MEMBERS && mine;
    }, 'fifty private confirmations');
    expect(confirmations.every((c) => c.body.response_type === 'ephemeral')).toBe(true);
    expect(blockText(confirmations.find((c) => c.id === 'mark-31')!.body.blocks)).toContain('Marked question 1 as partly on Key ingredients review #1.');

    const fifty = 'in place 30 · partly 10 · not yet 5 · n.a. 5';
    // Settled: the message's last edit drew the latest version of the tally.
    await until(() => {
      const row = w.db.select().from(refreshes).get();
      return row && row.renderedVersion === row.version && !row.queued && !row.claimedUntil;
    }, 'the refresh to settle');
    const edits = w.slackFake.callsTo('chat.update');
    expect(edits.length).toBeGreaterThan(0);
    // Coalesced: a handful of edits for fifty clicks, not one each.
    expect(edits.length).toBeLessThan(MEMBERS);
    const last = edits.at(-1)!;
    expect(last.params.channel).toBe(SLACK_CHANNEL);
    expect(last.params.ts).toBe('1790000000.000001');
    expect(blockText(last.params.blocks)).toContain(`Do the chief and the corporate security chiefs treat their peer relationship as a priority?\n${fifty}`);
    expect(blockText(last.params.blocks)).toContain('50 members taking part');
  });

  it('gives a summary that agrees with the card', async () => {
    const summary = await w.slash(users[7]!, 'checklist summary');
    const text = blockText(summary.json?.blocks);
    expect(summary.json?.response_type).toBe('ephemeral');
    expect(text).toContain('50 members took part · 50 marks (5 n.a.) · overall 78%');
    // (30 × 1 + 10 × 0.5 + 5 × 0) / 45 = 78%; the n.a. marks are left out.
    expect(text).toContain('*Executive buy-in and participation*  ████████░░ 78% (45 marks)');
    expect(text).toContain('Not marked yet: questions 2, 3, 4.');
  });

  it('lets a member change a mark: still one row, and the card follows', async () => {
    const before = w.slackFake.callsTo('chat.update').length;
    await w.select(users[0]!, blockId, 'exec.1=not-yet', 'change-0');
    const rows = w.db.$client.prepare("select mark from checklist_marks where review_id = 1 and item_key = 'exec.1' and member_id = (select member_id from identities where external_id = ?)").all(users[0]);
    expect(rows).toEqual([{ mark: 'not-yet' }]);
    const edit = await until(() => w.slackFake.callsTo('chat.update').slice(before).find((c) => blockText(c.params.blocks).includes('in place 29 · partly 10 · not yet 6 · n.a. 5')), 'the edit after the change');
    expect(edit.params.ts).toBe('1790000000.000001');
  });

  it('opens a modal for "add a note…" and stores what was submitted, shown as plain text', async () => {
    await w.select(users[9]!, blockOf('exec.2'), 'exec.2=note', 'note-9');
    const opened = await w.slackFake.waitForCall('views.open');
    expect(opened.params.trigger_id).toBe('trigger-note-9');
    const view = opened.params.view as { callback_id: string; private_metadata: string; title: { text: string }; blocks: { block_id?: string }[] };
    expect(view.title.text).toBe('Note on question 2');
    const submitted = await postSigned(
      w.eventsUrl,
      interactionBody({
        type: 'view_submission',
        team: { id: TEAM_ID },
        user: { id: users[9], username: 'umember9', team_id: TEAM_ID },
        view: { id: 'V1', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: { 'in~note': { value: { type: 'plain_text_input', value: 'Deputy chiefs attend for him <!channel>' } } } } },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(w.db.$client.prepare("select note from checklist_marks where item_key = 'exec.2'").all()).toEqual([{ note: 'Deputy chiefs attend for him <!channel>' }]);
    await until(() => blockText(w.slackFake.callsTo('chat.update').at(-1)?.params.blocks).includes('rather than delegating it?\nin place 0 · partly 0 · not yet 0 · n.a. 0 · 1 note'), 'the note count on the card');
    const summary = await w.slash(users[9]!, 'checklist summary');
    expect(blockText(summary.json?.blocks)).toContain('• 2. “Deputy chiefs attend for him &lt;!channel&gt;” — umember9');
  });

  it('refuses a mark from someone not on the roster, saying why and what to do', async () => {
    await w.select('U0OUTSIDER', blockId, 'exec.1=in', 'stranger');
    const refusal = await w.slackFake.waitFor(() => w.slackFake.responses.find((r) => r.id === 'stranger'));
    expect(refusal.body.response_type).toBe('ephemeral');
    expect(blockText(refusal.body.blocks)).toMatch(/is for members, and you are not on the partnership's roster\. Send `\/ppp join` to ask to join/);
    expect(w.db.$client.prepare("select count(*) as n from checklist_marks where item_key = 'exec.1'").get()).toEqual({ n: 50 });
  });

  it('posts the open review again when asked again; the older card becomes a pointer and stops updating', async () => {
    const before = w.slackFake.callsTo('chat.postMessage').length;
    await w.slash(users[4]!, 'checklist');
    const again = await w.slackFake.waitForCall('chat.postMessage', before + 1);
    expect(blockText(again.params.blocks)).toContain('Key ingredients review #1\n');
    expect(blockText(again.params.blocks)).toContain('in place 29 · partly 10 · not yet 6 · n.a. 5');
    const pointer = await until(
      () => w.slackFake.callsTo('chat.update').find((c) => c.params.ts === '1790000000.000001' && blockText(c.params.blocks).includes('posted again further down')),
      'the older card turned into a pointer',
    );
    expect(pointer.params.blocks as unknown[]).toHaveLength(2);
    const edits = w.slackFake.callsTo('chat.update').length;
    await w.select(users[8]!, blockOf('exec.3'), 'exec.3=in', 'after-repost');
    const next = await until(() => w.slackFake.callsTo('chat.update').slice(edits).find((c) => blockText(c.params.blocks).includes('day-to-day tactical ones?\nin place 1')), 'the edit of the newer card');
    const live = w.db.$client.prepare('select message_id as ts from checklist_messages where superseded_at is null').all() as { ts: string }[];
    expect(live).toHaveLength(1);
    expect(next.params.ts).toBe(live[0]!.ts);
    expect(w.slackFake.callsTo('chat.update').slice(edits).every((c) => c.params.ts !== '1790000000.000001')).toBe(true);
  });

  it('refuses marks once the review is closed, with the reason, and draws the card closed', async () => {
    const asked = await w.slash(users[0]!, 'checklist close');
    await w.press(users[0]!, asked.json?.blocks, 'Close it', 'close-it');
    const closed = await w.slackFake.waitFor(() => w.slackFake.responses.find((r) => r.id === 'close-it'));
    expect(blockText(closed.body.blocks)).toContain('Closed Key ingredients review #1');
    await w.select(users[3]!, blockId, 'exec.1=partly', 'after-close');
    const refusal = await w.slackFake.waitFor(() => w.slackFake.responses.find((r) => r.id === 'after-close'));
    expect(blockText(refusal.body.blocks)).toMatch(/^:no_entry: Key ingredients review #1 was closed by umember0 on \d+ \w+ 20\d\d, so its marks and answers can no longer change\./);
    const closedCard = await until(
      () => w.slackFake.callsTo('chat.update').find((c) => blockText(c.params.blocks).includes('Key ingredients review #1 (closed)')),
      'the closed card',
    );
    const blocks = closedCard.params.blocks as { accessory?: unknown }[];
    expect(blocks.some((b) => b.accessory)).toBe(false);
    expect(blockText(blocks)).toContain('Closed by umember0');
  });

  it('exports the CSV as a file in the opener’s direct messages, and refuses anyone else', async () => {
    const refused = await w.slash(users[5]!, 'checklist export');
    expect(blockText(refused.json?.blocks)).toContain(':no_entry: `/ppp checklist export` is for coordinators and whoever opened the review');
    const asked = await w.slash(users[0]!, 'checklist export');
    // Fifty marks on question 1, one member's note on question 2 and one mark on question 3.
    expect(blockText(asked.json?.blocks)).toContain('The CSV of Key ingredients review #1 (52 rows) is in your direct messages with PPP Bot.');
    const complete = w.slackFake.callsTo('files.completeUploadExternal').at(-1)!;
    expect(complete.params.channel_id).toBe(`D${users[0]}`);
    const csv = w.slackFake.uploads.at(-1)!.content.toString('utf8');
    expect(csv.startsWith('review,template,group,item,question,member,organization,mark,note,updated (America/Chicago)\n')).toBe(true);
    expect(csv.match(/\n1,ingredients,Executive buy-in and participation,1,/g)).toHaveLength(50);
    expect(w.db.$client.prepare("select count(*) as n from audit_log where action = 'checklist.export'").get()).toEqual({ n: 1 });
  });
});
