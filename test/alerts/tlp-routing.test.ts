// TLP decides where an alert may go, on both platforms: each label × a vetted executive, a vetted general
// and an unvetted conversation × Slack and Teams. CLEAR and GREEN reach every vetted conversation, AMBER
// and AMBER+STRICT only vetted executive ones, RED no conversation at all — only the members it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_ID } from '../helpers/fake-slack.js';
import { startWorld, type World } from '../helpers/world.js';
import { alertSettled, sendFromSlack, slackChannel, slackPosts, teamsConversation, teamsPosts } from './platforms.js';
import { seedMember } from './world.js';

let world: World;
const SENDER = 'U0BOARD1';
const NAMED_SLACK = 'U0NAMED1';
const NAMED_TEAMS = 'aad-named-2';
const OTHER_SLACK = 'U0OTHER1';

beforeAll(async () => {
  world = await startWorld();
  seedMember(world.db, { name: 'Bo Board', accounts: [{ platform: 'slack', id: SENDER }], tier: 'board' });
  seedMember(world.db, { name: 'Nadia Named', accounts: [{ platform: 'slack', id: NAMED_SLACK }] });
  seedMember(world.db, { name: 'Ned Named', accounts: [{ platform: 'teams', id: NAMED_TEAMS }] });
  seedMember(world.db, { name: 'Otto Other', accounts: [{ platform: 'slack', id: OTHER_SLACK }] });
  slackChannel(world, 'C0EXEC', 'executive', 'exec-chiefs');
  slackChannel(world, 'C0GEN', 'general', 'partners');
  slackChannel(world, 'C0UNV', 'executive', 'was-exec', 'unvetted');
  teamsConversation(world, '19:exec@thread.tacv2', { kind: 'executive', name: 'Executive Board' });
  teamsConversation(world, '19:gen@thread.tacv2', { kind: 'general', name: 'Partners' });
  teamsConversation(world, '19:unv@thread.tacv2', { kind: 'executive', name: 'Old board', status: 'unvetted' });
  teamsConversation(world, '19:never@thread.tacv2', { name: 'Never vetted' });
});
afterAll(async () => {
  await world.close();
});

const CONVERSATIONS = {
  'slack executive': (t: string) => slackPosts(world, t).filter((c) => c.params.channel === 'C0EXEC').length,
  'slack general': (t: string) => slackPosts(world, t).filter((c) => c.params.channel === 'C0GEN').length,
  'slack unvetted': (t: string) => slackPosts(world, t).filter((c) => c.params.channel === 'C0UNV').length,
  'teams executive': (t: string) => teamsPosts(world, t).filter((c) => c.conversationId === '19:exec@thread.tacv2').length,
  'teams general': (t: string) => teamsPosts(world, t).filter((c) => c.conversationId === '19:gen@thread.tacv2').length,
  'teams unvetted': (t: string) => teamsPosts(world, t).filter((c) => c.conversationId === '19:unv@thread.tacv2' || c.conversationId === '19:never@thread.tacv2').length,
};

const EXPECTED: Record<string, Record<keyof typeof CONVERSATIONS, number>> = {
  clear: { 'slack executive': 1, 'slack general': 1, 'slack unvetted': 0, 'teams executive': 1, 'teams general': 1, 'teams unvetted': 0 },
  green: { 'slack executive': 1, 'slack general': 1, 'slack unvetted': 0, 'teams executive': 1, 'teams general': 1, 'teams unvetted': 0 },
  amber: { 'slack executive': 1, 'slack general': 0, 'slack unvetted': 0, 'teams executive': 1, 'teams general': 0, 'teams unvetted': 0 },
  'amber+strict': { 'slack executive': 1, 'slack general': 0, 'slack unvetted': 0, 'teams executive': 1, 'teams general': 0, 'teams unvetted': 0 },
  red: { 'slack executive': 0, 'slack general': 0, 'slack unvetted': 0, 'teams executive': 0, 'teams general': 0, 'teams unvetted': 0 },
};

const settled = (id: number) => alertSettled(world, id);

describe('TLP routing across Slack and Teams', () => {
  it.each(Object.keys(EXPECTED))('TLP:%s reaches exactly the conversations its label allows, once each', async (label) => {
    const title = `Routing check ${label} ${Date.now()}`;
    const named = label === 'red' ? '@"Nadia Named" @"Ned Named" ' : '';
    const id = await sendFromSlack(world, SENDER, `alert info ${label} ${named}${title}`);
    const report = await settled(id);
    expect(report.failed).toEqual([]);
    const seen = Object.fromEntries(Object.entries(CONVERSATIONS).map(([where, count]) => [where, count(title)]));
    expect(seen).toEqual(EXPECTED[label]);
    // Every copy carries the label and its sharing rule, and the answer buttons.
    for (const call of slackPosts(world, title).filter((c) => String(c.params.channel).startsWith('C'))) {
      expect(JSON.stringify(call.params.blocks)).toContain(`TLP:${label.toUpperCase()} — `);
      expect(JSON.stringify(call.params.blocks)).toContain('"action_id":"alert.answer"');
    }
    for (const call of teamsPosts(world, title)) {
      expect(JSON.stringify(call.body)).toContain(`TLP:${label.toUpperCase()} — `);
      expect(JSON.stringify(call.body)).toContain('"a":"alert.answer"');
    }
  });

  it('keeps people’s text as text: <!channel> in a title pings nobody on Slack and shows literally on Teams', async () => {
    // What Slack sends for characters typed literally in a slash command (should_escape): & < > as entities.
    const id = await sendFromSlack(world, SENDER, 'alert info green &lt;!channel&gt; Bomb threat *hoax* at [mall](https://evil.example) -- &lt;@U0BOSS&gt; says stay put');
    await settled(id);
    const slackCopy = slackPosts(world, 'Bomb threat').find((c) => c.params.channel === 'C0EXEC')!;
    const payload = JSON.stringify(slackCopy.params);
    expect(payload).toContain('&lt;!channel&gt; Bomb threat');
    expect(payload).toContain('&lt;@U0BOSS&gt; says stay put');
    expect(payload).not.toContain('<!channel>');
    expect(payload).not.toContain('<@U0BOSS>');
    const teamsCopy = teamsPosts(world, 'Bomb threat').find((c) => c.conversationId === '19:exec@thread.tacv2')!;
    const runs = JSON.stringify(teamsCopy.body);
    expect(runs).toContain('"type":"TextRun","text":"<!channel> Bomb threat *hoax* at [mall](https://evil.example)"');
    expect(runs).not.toContain('"type":"TextBlock"');
  });

  it('sends TLP:RED only by direct message to the named members, even when urgent, and never to a channel', async () => {
    const title = `Red check ${Date.now()}`;
    const id = await sendFromSlack(world, SENDER, `alert urgent red @"Nadia Named" @"Ned Named" ${title} -- for you alone`);
    const report = await settled(id);
    expect(report.rows.map((r) => `${r.kind} ${r.target}`).sort()).toEqual([`dm slack:${NAMED_SLACK}`, `dm teams:${NAMED_TEAMS}`]);
    for (const count of Object.values(CONVERSATIONS)) expect(count(title)).toBe(0);
    const slackCopies = slackPosts(world, title).filter((c) => !JSON.stringify(c.params.blocks).includes('not sent yet'));
    expect(slackCopies.map((c) => c.params.channel)).toEqual([`D${NAMED_SLACK}`]);
    expect(teamsPosts(world, title)).toHaveLength(1);
    // Nobody else heard of it: not the other member, not any channel.
    expect(slackPosts(world, title).some((c) => c.params.channel === `D${OTHER_SLACK}`)).toBe(false);
    expect(report.rows.every((r) => !r.target.startsWith(`slack:${TEAM_ID}:`))).toBe(true);
  });
});
