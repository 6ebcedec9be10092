// One review, two platforms: started in a Slack channel, shared into a vetted Teams channel, marked
// from both (a Slack select, a Teams Save carrying several selects), one tally on both cards. A member
// linked on both platforms counts once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../db/schema.js';
import { makeActor } from '../helpers/db.js';
import { cardActions, CHANNEL, shownText, type ConnectorCall, type TeamsUser } from '../helpers/fake-teams.js';
import { blockText, SLACK_CHANNEL, startWorld, until, type World } from '../helpers/world.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const teamsUser = (aad: string, name: string): TeamsUser => ({ id: `29:${aad}`, name, aadObjectId: aad });
const COORDINATOR = teamsUser('coordinator-0', 'Casey Coordinator');
const CHIEF = teamsUser('member-0', 'Chief Ray');
const LINKED = teamsUser('linked-teams-id', 'Dana Linked');

const lastSlackCard = () => blockText(w.slackFake.callsTo('chat.update').at(-1)?.params.blocks);
const teamsUpdates = (posted: ConnectorCall) => w.teamsFake.calls.filter((c) => c.kind === 'update' && c.activityId === posted.answeredId);

describe('a review shared between Slack and Teams', () => {
  let slackBlock: (n: number) => string;
  let teamsCard: ConnectorCall;
  const slackChief = 'UMEMBER1';
  const slackLinked = 'UMEMBER2';

  it('is started on Slack and shared into a vetted Teams channel, where its card is posted', async () => {
    makeActor(w.db, 'coordinator', 'teams', 0);
    makeActor(w.db, 'member', 'teams', 0);
    makeActor(w.db, 'member', 'slack', 1);
    makeActor(w.db, 'member', 'slack', 2);
    // Dana is one member on both platforms: her Teams identity belongs to the same member row.
    const dana = w.db.$client.prepare('select member_id as id from identities where external_id = ?').get(slackLinked) as { id: number };
    w.db.insert(identities).values({ memberId: dana.id, platform: 'teams', externalId: LINKED.aadObjectId, createdAt: new Date() }).run();

    await w.slash(slackChief, 'checklist');
    const post = await w.slackFake.waitForCall('chat.postMessage');
    const blocks = post.params.blocks as { block_id?: string }[];
    slackBlock = (n) => blocks.filter((b) => b.block_id?.includes('~1:'))[n - 1]!.block_id!;

    // Sharing needs a vetted conversation: first refused, then vetted by a coordinator, then shared.
    const early = await w.teams({ scope: 'channel', text: 'checklist share', mentionBot: true, from: CHIEF });
    expect(early.calls.map((c) => shownText(c.body)).join('\n')).toContain('A review can be shared only into a vetted conversation');
    await w.teams({ scope: 'channel', text: 'channel vet executive', mentionBot: true, from: COORDINATOR });
    const shared = await w.teams({ scope: 'channel', text: 'checklist share', mentionBot: true, from: CHIEF });
    teamsCard = shared.calls.find((c) => c.kind === 'send' && c.conversationId === CHANNEL && shownText(c.body).includes('Key ingredients review #1'))!;
    expect(teamsCard).toBeDefined();
    expect(shownText(teamsCard.body)).toContain('shown in 2 conversations');
    // The Slack card learns it is shared too.
    await until(() => lastSlackCard().includes('shown in 2 conversations'), 'the Slack card to show the share');
  });

  it('counts marks from Slack and from a Teams Save in one tally, and redraws both cards', async () => {
    await w.select(slackChief, slackBlock(1), 'exec.1=partly', 'slack-chief');
    const save = cardActions(teamsCard.body).find((a) => a.title === 'Save')!;
    const saved = await w.teams({
      scope: 'channel',
      conversationId: `${CHANNEL};messageid=${teamsCard.answeredId}`,
      replyToId: teamsCard.answeredId!,
      from: CHIEF,
      value: { ...save.data, _ppp_sel_0: 'exec.1=in', _ppp_sel_1: 'exec.2=partly', _ppp_sel_3: 'exec.4=not-yet' },
    });
    // One Save, one private confirmation in the chief's 1:1 chat; nothing said in the channel.
    const said = saved.calls.filter((c) => c.kind === 'send' || c.kind === 'reply');
    expect(said.map((c) => c.conversationId)).toEqual([`a:dm-${CHIEF.id}`]);
    expect(shownText(said[0]!.body)).toBe('Marked 3 questions: question 1 as in place; question 2 as partly; question 4 as not yet on Key ingredients review #1. You can change a mark until the review closes.');

    const item1 = 'treat their peer relationship as a priority?\nin place 1 · partly 1 · not yet 0 · n.a. 0';
    const item2 = 'rather than delegating it?\nin place 0 · partly 1 · not yet 0 · n.a. 0';
    await until(() => lastSlackCard().includes(item1) && lastSlackCard().includes(item2), 'the Slack card with both platforms’ marks');
    await until(() => {
      const last = teamsUpdates(teamsCard).at(-1);
      return last && shownText(last.body).includes(item1) && shownText(last.body).includes(item2);
    }, 'the Teams card with both platforms’ marks');
  });

  it('counts a member linked on both platforms once: a later mark from Teams replaces her Slack one', async () => {
    await w.select(slackLinked, slackBlock(3), 'exec.3=in', 'slack-linked');
    await until(() => lastSlackCard().includes('day-to-day tactical ones?\nin place 1 · partly 0'), 'Dana’s Slack mark on the card');
    const save = cardActions(teamsCard.body).find((a) => a.title === 'Save')!;
    await w.teams({ scope: 'channel', conversationId: CHANNEL, replyToId: teamsCard.answeredId!, from: LINKED, value: { ...save.data, _ppp_sel_2: 'exec.3=not-yet' } });
    const rows = w.db.$client.prepare("select count(*) as n, max(mark) as mark from checklist_marks where item_key = 'exec.3'").get();
    expect(rows).toEqual({ n: 1, mark: 'not-yet' });
    const item3 = 'day-to-day tactical ones?\nin place 0 · partly 0 · not yet 1 · n.a. 0';
    await until(() => lastSlackCard().includes(item3), 'the Slack card after Dana’s change');
    await until(() => teamsUpdates(teamsCard).some((c) => shownText(c.body).includes(item3)), 'the Teams card after Dana’s change');
    expect(lastSlackCard()).toContain('3 members taking part');
  });

  it('stores fifty simultaneous Teams Saves on one question, one private confirmation each, and the last edit shows fifty', async () => {
    const save = cardActions(teamsCard.body).find((a) => a.title === 'Save')!;
    const people = Array.from({ length: 50 }, (_, i) => {
      makeActor(w.db, 'member', 'teams', i + 1);
      return teamsUser(`member-${i + 1}`, `Member ${i + 1}`);
    });
    const saves = await Promise.all(
      people.map((from) => w.teams({ scope: 'channel', conversationId: `${CHANNEL};messageid=${teamsCard.answeredId}`, replyToId: teamsCard.answeredId!, from, value: { ...save.data, _ppp_sel_4: 'members.1=in' } })),
    );
    expect(saves.map((s) => s.status)).toEqual(people.map(() => 200));
    expect(w.db.$client.prepare("select count(*) as n from checklist_marks where item_key = 'members.1' and mark = 'in'").get()).toEqual({ n: 50 });
    for (const from of people) {
      const confirmations = w.teamsFake.calls.filter((c) => c.kind === 'send' && c.conversationId === `a:dm-${from.id}`);
      expect(confirmations.map((c) => shownText(c.body))).toEqual(['Marked question 5 as in place on Key ingredients review #1. You can change a mark until the review closes.']);
    }
    const fifty = 'several people)?\nin place 50 · partly 0 · not yet 0 · n.a. 0';
    await until(() => shownText(teamsUpdates(teamsCard).at(-1)?.body).includes(fifty), 'the Teams card showing fifty');
    await until(() => lastSlackCard().includes(fifty), 'the Slack card showing fifty');
    expect(teamsUpdates(teamsCard).length).toBeLessThan(50);
  });

  it('gives the same summary on both platforms', async () => {
    const slack = blockText((await w.slash(slackChief, 'checklist summary')).json?.blocks);
    const teams = await w.teams({ scope: 'channel', text: 'checklist summary', mentionBot: true, from: CHIEF });
    const teamsText = teams.calls.map((c) => shownText(c.body)).join('\n');
    for (const text of [slack, teamsText]) {
      // Buy-in: (0.5 + 1 + 0.5 + 0 + 0) / 5 marks; membership: fifty in place.
      expect(text).toContain('53 members took part · 55 marks · overall 95%');
      expect(text).toContain('████░░░░░░ 40% (5 marks)');
      expect(text).toContain('██████████ 100% (50 marks)');
    }
    expect(teams.calls.some((c) => c.conversationId === `a:dm-${CHIEF.id}` && shownText(c.body).includes('Summary: Key ingredients review #1'))).toBe(true);
  });

  it('takes a note through the form Teams shows in the 1:1 chat, but not the same form forged from someone else’s', async () => {
    const save = cardActions(teamsCard.body).find((a) => a.title === 'Save')!;
    const chose = await w.teams({ scope: 'channel', conversationId: `${CHANNEL};messageid=${teamsCard.answeredId}`, replyToId: teamsCard.answeredId!, from: CHIEF, value: { ...save.data, _ppp_sel_2: 'exec.3=note' } });
    const form = chose.calls.find((c) => c.conversationId === `a:dm-${CHIEF.id}` && cardActions(c.body).some((a) => a.title === 'Save note'))!;
    const submit = cardActions(form.body).find((a) => a.title === 'Save note')!;
    const saved = await w.teams({ scope: 'personal', from: CHIEF, replyToId: form.answeredId!, value: { ...(submit.data as object), note: 'Chiefs meet monthly.' } });
    expect(saved.calls.map((c) => shownText(c.body)).join('\n')).toContain('Saved your note on question 3 of Key ingredients review #1.');
    // Another member replays the same form from their own 1:1 chat: the review was never shown to them there.
    makeActor(w.db, 'member', 'teams', 99);
    const outsider = teamsUser('member-99', 'Member 99');
    const forged = await w.teams({ scope: 'personal', from: outsider, value: { ...(submit.data as object), note: 'forged' } });
    expect(forged.calls.map((c) => shownText(c.body)).join('\n')).toContain('Key ingredients review #1 is not shown in this conversation');
    expect(w.db.$client.prepare("select note from checklist_marks where item_key = 'exec.3' and note is not null").all()).toEqual([{ note: 'Chiefs meet monthly.' }]);
  });

  it('closes on one platform and shows closed on both', async () => {
    // Asked first; the answer to Close it replaces the question.
    const asked = await w.slash(slackChief, 'checklist close');
    expect(blockText(asked.json?.blocks)).toContain('Close Key ingredients review #1?');
    await w.press(slackChief, asked.json?.blocks, 'Close it', 'close-shared');
    const closed = await w.slackFake.waitFor(() => w.slackFake.responses.find((r) => r.id === 'close-shared'));
    expect(blockText(closed.body.blocks)).toContain('Closed Key ingredients review #1');
    await until(() => lastSlackCard().includes('Key ingredients review #1 (closed)'), 'the closed Slack card');
    await until(() => teamsUpdates(teamsCard).some((c) => shownText(c.body).includes('Key ingredients review #1 (closed)')), 'the closed Teams card');
    const lastTeams = teamsUpdates(teamsCard).at(-1)!;
    expect(cardActions(lastTeams.body).find((a) => a.title === 'Save')).toBeUndefined();
    expect(w.slackFake.callsTo('chat.update').every((c) => c.params.channel === SLACK_CHANNEL)).toBe(true);
  });
});
