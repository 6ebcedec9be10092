// Vetted channels and announcements across both platforms, through the real adapters on one server,
// the real delivery engine and fake Slack / Teams on loopback: one copy per vetted conversation,
// none to an unvetted one, user text escaped on Slack and literal on Teams; pacing holds under 429s;
// a lost conversation reaches coordinators.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { announcements, channels, deliveries } from '../../db/schema.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { makeActor } from '../helpers/db.js';
import { buttonPressBody, postSigned, TEAM_ID } from '../helpers/fake-slack.js';
import { CHANNEL, type TeamsUser } from '../helpers/fake-teams.js';
import { SLACK_CHANNEL, startWorld, until, type World } from '../helpers/world.js';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Presses a button on a Slack message the way Slack sends it. */
function press(user: string, actionId: string, value: string, channel: string) {
  return postSigned(
    world.eventsUrl,
    buttonPressBody({ user, channel, channelName: 'directmessage', responseUrl: world.slackFake.responseUrl(), actionId, value }),
  );
}

const postsTo = (channel: string) => world.slackFake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
const teamsSendsTo = (conversation: string) => world.teamsFake.calls.filter((c) => (c.kind === 'send' || c.kind === 'reply') && c.conversationId?.startsWith(conversation));

describe('vetting and announcing across Slack and Teams', () => {
  it('delivers one copy to each vetted conversation, none elsewhere, escaped for Slack and literal on Teams', async () => {
    const slackCoordinator = makeActor(world.db, 'coordinator', 'slack');
    const teamsCoordinator = makeActor(world.db, 'coordinator', 'teams', 1);
    const teamsUser: TeamsUser = { id: '29:coord', name: 'Coordinator Teams', aadObjectId: teamsCoordinator.id };

    expect((await world.slash(slackCoordinator.id, 'channel vet executive')).status).toBe(200);
    await until(() => postsTo(SLACK_CHANNEL).length === 1, 'the vetting notice on Slack');
    await world.teams({ scope: 'channel', mentionBot: true, text: 'channel vet general', from: teamsUser, channelName: 'Chiefs' });
    await until(() => world.db.select().from(channels).all().length === 2, 'both conversations vetted');

    // What Slack sends for characters typed literally (should_escape): & < > as entities.
    await world.slash(slackCoordinator.id, 'announce Summit moved to Thursday &lt;!here&gt; — agenda [x](https://e) &amp; &lt;@U999&gt;');
    // The preview reaches the coordinator's DM, naming the audience per platform.
    const preview = await until(() => world.slackFake.callsTo('chat.postMessage').find((c) => String(c.params.channel).startsWith('D')), 'the preview DM');
    expect(JSON.stringify(preview.params.blocks)).toContain('2 vetted conversations: 1 on Slack, 1 on Teams');
    const announcementId = /announcement #(\d+)/.exec(JSON.stringify(preview.params.blocks))![1]!;

    expect((await press(slackCoordinator.id, 'announce.send', announcementId, String(preview.params.channel))).status).toBe(200);
    const report = await until(() => {
      const r = deliveryReport(world.db, `announce-${announcementId}`);
      return r.settled ? r : undefined;
    }, 'the announcement to settle');
    expect(report).toMatchObject({ total: 2, sent: 2, failed: [], unconfirmed: [] });

    // Slack: one copy, user text escaped so nobody is pinged.
    const slackCopies = postsTo(SLACK_CHANNEL).filter((c) => JSON.stringify(c.params).includes('Summit moved'));
    expect(slackCopies).toHaveLength(1);
    const slackPayload = JSON.stringify(slackCopies[0]!.params);
    expect(slackPayload).toContain('&lt;!here&gt;');
    expect(slackPayload).toContain('&lt;@U999&gt;');
    expect(slackPayload).not.toContain('<!here>');
    // Teams: one copy, the same text shown literally.
    const teamsCopies = teamsSendsTo(CHANNEL).filter((c) => JSON.stringify(c.body).includes('Summit moved'));
    expect(teamsCopies).toHaveLength(1);
    expect(JSON.stringify(teamsCopies[0]!.body)).toContain('<!here>');
    expect(JSON.stringify(teamsCopies[0]!.body)).toContain('[x](https://e)');
    // Nothing reached any other conversation (the coordinator's own preview DM aside).
    const elsewhere = world.slackFake
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.params).includes('Summit moved') && c.params.channel !== SLACK_CHANNEL && c.params.channel !== preview.params.channel);
    expect(elsewhere).toHaveLength(0);
    // The preview is redrawn with the outcome.
    await until(() => world.slackFake.callsTo('chat.update').some((c) => JSON.stringify(c.params).includes('delivered 2 of 2')), 'the preview to show the outcome');
    // A second press sends nothing more.
    await press(slackCoordinator.id, 'announce.send', announcementId, String(preview.params.channel));
    await new Promise((r) => setTimeout(r, 500));
    expect(postsTo(SLACK_CHANNEL).filter((c) => JSON.stringify(c.params).includes('Summit moved'))).toHaveLength(1);
  });

  it('five announcements back to back under a 1-post-per-second limit with 429s: all arrive, once each', async () => {
    world.slackFake.limit('chat.postMessage', { intervalMs: 1000, retryAfterS: 1 });
    const coordinator = makeActor(world.db, 'coordinator', 'slack');
    world.db.insert(channels).values(['C1', 'C2', 'C3'].map((c) => ({ address: `slack:${TEAM_ID}:${c}`, platform: 'slack', name: c, kind: 'general', status: 'vetted', updatedAt: new Date() }))).run();
    for (let n = 1; n <= 5; n++) {
      // The preview DM is limited too, and may come back privately instead: read the draft's id.
      await world.slash(coordinator.id, `announce Update ${n} of 5`);
      const draft = await until(() => world.db.select().from(announcements).all().find((a) => a.text === `Update ${n} of 5`), `draft ${n}`);
      await press(coordinator.id, 'announce.send', String(draft.id), 'D0COORD');
    }
    await until(() => {
      const rows = world.db.select().from(deliveries).all().filter((d) => d.batch.startsWith('announce-'));
      return rows.length === 15 && rows.every((r) => r.status !== 'pending');
    }, 'all fifteen deliveries to settle', 60_000);
    for (const c of ['C1', 'C2', 'C3']) {
      const accepted = world.slackFake.acceptedTo('chat.postMessage').filter((call) => call.params.channel === c);
      const texts = accepted.map((call) => /Update (\d) of 5/.exec(JSON.stringify(call.params))?.[1]).sort();
      expect(texts).toEqual(['1', '2', '3', '4', '5']);
    }
  }, 90_000);

  it('tells coordinators at once when the bot is removed from a vetted Slack channel or Teams conversation', async () => {
    const coordinator = makeActor(world.db, 'coordinator', 'slack');
    const teamsCoordinator = makeActor(world.db, 'coordinator', 'teams', 2);
    await world.slash(coordinator.id, 'channel vet executive');
    await world.teams({ scope: 'channel', mentionBot: true, text: 'channel vet executive', from: { id: '29:c2', name: 'C Two', aadObjectId: teamsCoordinator.id } });
    await until(() => world.db.select().from(channels).all().length === 2, 'both vetted');

    // Slack: the bot left (or was removed from) the channel.
    await postSigned(
      world.eventsUrl,
      JSON.stringify({ type: 'event_callback', team_id: TEAM_ID, api_app_id: 'A1', event_id: 'Ev1', event_time: 1, event: { type: 'channel_left', channel: SLACK_CHANNEL, actor_id: 'UADMIN' } }),
      { contentType: 'application/json' },
    );
    // Teams: the bot was removed from the team.
    await world.teams({ type: 'conversationUpdate', scope: 'channel', conversationId: CHANNEL, membersRemoved: [{ id: '28:ppp-bot-app' }] });

    await until(() => world.db.select().from(channels).all().every((c) => c.status === 'unreachable'), 'both marked unreachable');
    const dms = await until(() => {
      const rows = world.db.select().from(deliveries).where(eq(deliveries.kind, 'dm')).all().filter((d) => d.batch.startsWith('lost-'));
      return rows.length >= 4 ? rows : undefined;
    }, 'coordinators to be told');
    expect(new Set(dms.map((d) => d.target))).toEqual(new Set([`slack:${coordinator.id}`, `teams:${teamsCoordinator.id}`]));
  });
});

describe('who is in a vetted executive conversation', () => {
  it('names anyone present who is not an active member, on Slack and on Teams', async () => {
    const coordinator = makeActor(world.db, 'coordinator', 'slack', 3);
    const suspended = makeActor(world.db, 'suspended', 'slack', 3);
    world.slackFake.channelMembers.set(SLACK_CHANNEL, ['UBOT0001', coordinator.id, suspended.id, 'UOUTSIDER1']);
    const vetted = await world.slash(coordinator.id, 'channel vet executive');
    const slackReply = JSON.stringify(vetted.json ?? {}) + JSON.stringify(world.slackFake.responses.map((r) => r.body));
    await until(() => world.db.select().from(channels).all().length === 1, 'the Slack channel vetted');
    const answer = await until(() => {
      const all = JSON.stringify(vetted.json ?? {}) + JSON.stringify(world.slackFake.responses.map((r) => r.body)) + slackReply;
      return all.includes('Present but not active members') ? all : undefined;
    }, 'the list of outsiders');
    // Named as Slack names them — a real mention — never by the account id.
    expect(answer).toContain('<@UOUTSIDER1> (not on the roster)');
    expect(answer).not.toContain('slack:UOUTSIDER1');
    expect(answer).toContain('(suspended)');
    expect(answer).not.toContain(`slack:${coordinator.id} (`);

    const teamsCoordinator = makeActor(world.db, 'coordinator', 'teams', 3);
    const coordinatorUser: TeamsUser = { id: '29:c3', name: 'C Three', aadObjectId: teamsCoordinator.id };
    world.teamsFake.members.set('29:c3', coordinatorUser);
    world.teamsFake.members.set('29:guest', { id: '29:guest', name: 'Guest Person', aadObjectId: 'guest-aad-1' });
    const teams = await world.teams({ scope: 'channel', mentionBot: true, text: 'channel vet executive', from: coordinatorUser });
    const shown = JSON.stringify(teams.calls.map((c) => c.body));
    expect(shown).toContain('Guest Person (not on the roster)');
    expect(shown).not.toContain('teams:guest-aad-1');
    expect(shown).not.toContain(`teams:${teamsCoordinator.id} (`);
  });
});
