// When the bot cannot post where a command needs it to (a private Slack channel it was not invited to, a
// Teams conversation it is not part of), the user is told why and how to let it in, in that platform's
// own words, and nothing is left half done (no review nobody can see, no conversation vetted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActor } from './helpers/db.js';
import { CHANNEL, shownText, type TeamsUser } from './helpers/fake-teams.js';
import { blockText, startWorld, type World } from './helpers/world.js';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const teamsUser = (aad: string, name: string): TeamsUser => ({ id: `29:${aad}`, name, aadObjectId: aad });
const slackAnswer = (posted: { json?: Record<string, unknown> }) => blockText(posted.json?.blocks) || String(posted.json?.text ?? '');
const reviews = () => w.db.$client.prepare('select count(*) as n from checklist_reviews').get();
const vetted = () => w.db.$client.prepare("select count(*) as n from channels where status = 'vetted'").get();

describe('on Slack, a channel the bot was not invited to', () => {
  it('checklist: says to invite the bot with /invite @PPP, and opens no review', async () => {
    makeActor(w.db, 'member', 'slack', 31);
    w.slackFake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const answer = slackAnswer(await w.slash('UMEMBER31', 'checklist'));
    expect(answer).toContain('I cannot post the review card here (not_in_channel). Invite me first — type `/invite @PPP` here — then try again.');
    expect(reviews()).toEqual({ n: 0 });
  });

  it('channel vet: says to invite the bot with /invite @PPP, and vets nothing', async () => {
    makeActor(w.db, 'coordinator', 'slack', 32);
    w.slackFake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const answer = slackAnswer(await w.slash('UCOORDINATOR32', 'channel vet executive'));
    expect(answer).toContain('(channel_not_found)');
    expect(answer).toContain('Invite me first — type `/invite @PPP` here —');
    expect(vetted()).toEqual({ n: 0 });
  });
});

describe('on Teams, a conversation the bot is not part of', () => {
  const notInRoster = { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } };

  it('checklist: says to add PPP Bot to the conversation, and opens no review', async () => {
    makeActor(w.db, 'member', 'teams', 33);
    w.teamsFake.script((c) => c.kind === 'send' && c.conversationId === CHANNEL, notInRoster);
    const { calls } = await w.teams({ scope: 'channel', text: 'checklist', mentionBot: true, from: teamsUser('member-33', 'Chief Ray') });
    const said = calls.map((c) => shownText(c.body)).join('\n');
    expect(said).toContain('I cannot post the review card here (BotNotInConversationRoster). Add PPP Bot to this conversation first, then try again.');
    expect(reviews()).toEqual({ n: 0 });
  });

  it('channel vet: says to add PPP Bot to the conversation, and vets nothing', async () => {
    makeActor(w.db, 'coordinator', 'teams', 34);
    w.teamsFake.script((c) => c.kind === 'send' && c.conversationId === CHANNEL, notInRoster);
    const { calls } = await w.teams({ scope: 'channel', text: 'channel vet executive', mentionBot: true, from: teamsUser('coordinator-34', 'Casey Coordinator') });
    const said = calls.map((c) => shownText(c.body)).join('\n');
    expect(said).toContain('(BotNotInConversationRoster)');
    expect(said).toContain('Add PPP Bot to');
    expect(vetted()).toEqual({ n: 0 });
  });
});
