// A summit end to end on Slack and Teams, through the real adapters on one server, the real delivery
// engine and fake Slack / Teams on loopback: scheduled in one line and confirmed, announced in both
// vetted channels with RSVP buttons; one member answering from their Slack and their Teams account
// counts once; the invite arrives as a file in the Slack DM and as a file card in the Teams 1:1 chat;
// the posted cards' counts are redrawn.
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channels, summitInvites, summitRsvps } from '../../db/schema.js';
import { SUMMIT_CONFIRM, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { makeActor } from '../helpers/db.js';
import { buttonPressBody, postSigned } from '../helpers/fake-slack.js';
import { cardActions, CHANNEL, JANE, shownText, type TeamsUser } from '../helpers/fake-teams.js';
import { blockText, SLACK_CHANNEL, startWorld, until, type World } from '../helpers/world.js';
import { seed } from './world.js';

const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

/** Presses a button on a Slack message the way Slack sends it. */
function press(user: string, actionId: string, value: string, channel: string, ts = '1.000001') {
  return postSigned(
    world.eventsUrl,
    buttonPressBody({ user, channel, channelName: 'security-chiefs', messageTs: ts, responseUrl: world.slackFake.responseUrl(), actionId, value }),
  );
}

const slackPostsTo = (channel: string) => world.slackFake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
const rsvpRows = () => world.db.select().from(summitRsvps).all();

describe('a summit on Slack and Teams', () => {
  it('is confirmed, announced on both, answered once per member across linked accounts, with the invite on each platform', async () => {
    const coordinator = makeActor(world.db, 'coordinator', 'slack');
    const teamsCoordinator = makeActor(world.db, 'coordinator', 'teams', 1);
    const teamsUser: TeamsUser = { id: '29:coord', name: 'Coordinator Teams', aadObjectId: teamsCoordinator.id };
    // Dana has linked her Slack and Teams accounts: one member, two identities.
    const dana = seed(world.db, { name: 'Dana Chief', identity: { platform: 'slack', id: 'U0DANA' }, linked: [{ platform: 'teams', id: JANE.aadObjectId }] });

    await world.slash(coordinator.id, 'channel vet executive');
    await world.teams({ scope: 'channel', mentionBot: true, text: 'channel vet general', from: teamsUser, channelName: 'Chiefs' });
    await until(() => world.db.select().from(channels).all().length === 2, 'both conversations vetted');

    const day = DateTime.now().setZone('America/Chicago').plus({ days: 60 }).toFormat('yyyy-MM-dd');
    // The check travels in the command's acknowledgement, privately.
    const check = (await world.slash(coordinator.id, `summit schedule Spring summit ${day} 09:00 at Target HQ`)).json!;
    expect(check.response_type).toBe('ephemeral');
    expect(JSON.stringify(check.blocks)).toContain(SUMMIT_CONFIRM);
    expect(blockText(check.blocks)).toContain(DateTime.fromISO(`${day}T09:00`, { zone: 'America/Chicago' }).toFormat('cccc d LLLL yyyy, HH:mm ZZZZ'));
    expect(blockText(check.blocks)).toContain('2 vetted conversations: 1 on Slack, 1 on Teams');
    expect(slackPostsTo(SLACK_CHANNEL).filter((c) => JSON.stringify(c.params).includes('Spring summit'))).toEqual([]);

    await press(coordinator.id, SUMMIT_CONFIRM, '1', SLACK_CHANNEL);
    const slackCard = await until(() => slackPostsTo(SLACK_CHANNEL).find((c) => JSON.stringify(c.params.blocks).includes(SUMMIT_RSVP)), 'the Slack announcement');
    const teamsCard = await until(
      () => world.teamsFake.calls.find((c) => c.kind === 'send' && c.conversationId?.startsWith(CHANNEL) && cardActions(c.body).some((a) => a.title === 'Going')),
      'the Teams announcement',
    );
    expect(blockText(slackCard.params.blocks)).toContain('Going: 0 · Not going: 0 · Sending an alternate: 0');
    expect(shownText(teamsCard.body)).toContain('Summit: Spring summit');

    // Going, from Slack: one answer; the invite is a file in Dana's Slack DM.
    await press('U0DANA', SUMMIT_RSVP, '1:going', SLACK_CHANNEL, String(slackCard.params.ts ?? '1.000001'));
    await until(() => rsvpRows().length === 1, 'the answer');
    const upload = await until(() => world.slackFake.uploads.find((u) => u.content.toString('utf8').includes('BEGIN:VCALENDAR')), 'the invite on Slack');
    expect(upload.content.toString('utf8')).toContain('METHOD:REQUEST');
    expect(upload.content.toString('utf8')).toContain('SUMMARY:Spring summit');
    await until(() => world.slackFake.callsTo('chat.update').some((c) => blockText(c.params.blocks).includes('Going: 1 · Not going: 0')), 'the Slack card redrawn');

    // Then Not going, from Dana's Teams account: still one answer, now not going; her calendar copy is withdrawn.
    const notGoing = cardActions(teamsCard.body).find((a) => a.title === 'Not going')!;
    await world.teams({ scope: 'channel', from: JANE, value: notGoing.data, replyToId: teamsCard.answeredId! });
    await until(() => rsvpRows()[0]?.answer === 'not-going', 'the changed answer');
    expect(rsvpRows()).toHaveLength(1);
    expect(rsvpRows()[0]).toMatchObject({ memberId: dana.id, identity: `teams:${JANE.aadObjectId}` });
    const cancelOffer = await until(
      () => world.teamsFake.calls.find((c) => c.conversationId === `a:dm-${JANE.id}` && (c.body?.attachments ?? []).some((a: { contentType: string }) => a.contentType === FILE_CONSENT)),
      'the withdrawal as a file card in the Teams 1:1 chat',
    );
    expect(cancelOffer.body.attachments.find((a: { contentType: string }) => a.contentType === FILE_CONSENT).name).toBe('spring-summit.ics');
    await until(() => world.db.select().from(summitInvites).get()?.method === 'CANCEL', 'the withdrawal recorded');
    expect(world.db.select().from(summitInvites).get()).toMatchObject({ memberId: dana.id, method: 'CANCEL', sequence: 1, target: `teams:${JANE.aadObjectId}` });
    await until(() => world.slackFake.callsTo('chat.update').some((c) => blockText(c.params.blocks).includes('Going: 0 · Not going: 1')), 'the count moved, not doubled');
    // The Teams copy is redrawn too, in place.
    await until(
      () => world.teamsFake.calls.some((c) => c.kind === 'update' && c.activityId === teamsCard.answeredId && shownText(c.body).includes('Going: 0 · Not going: 1')),
      'the Teams card redrawn',
    );

    // Going again from Teams: one answer, one member going.
    const going = cardActions(teamsCard.body).find((a) => a.title === 'Going')!;
    await world.teams({ scope: 'channel', from: JANE, value: going.data, replyToId: teamsCard.answeredId! });
    await until(() => rsvpRows()[0]?.answer === 'going', 'going again');
    await until(() => world.db.select().from(summitInvites).get()?.method === 'REQUEST', 'the invite again, on Teams');
    expect(world.db.select().from(summitInvites).get()!.sequence).toBe(2);
    expect(rsvpRows()).toHaveLength(1);
  });
});
